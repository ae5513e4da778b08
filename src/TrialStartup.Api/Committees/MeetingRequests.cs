namespace TrialStartup.Api.Committees;

/// <summary>The committee's meeting schedule.</summary>
/// <param name="Frequency">weekly (every <paramref name="IntervalWeeks"/> weeks) or monthly (on <paramref name="WeeksOfMonth"/>).</param>
/// <param name="IntervalWeeks">Weekly: 1 to 8; 2 is "every second week".</param>
/// <param name="WeeksOfMonth">Monthly: which occurrences of the weekday, 1 to 5 ([2, 4] is "second and fourth").</param>
/// <param name="Weekday">monday … sunday.</param>
/// <param name="StartTime">Local start, HH:mm.</param>
/// <param name="CutoffDays">Days before the meeting by which items must be placed, 0 to 60 (default 7).</param>
/// <param name="Capacity">Items per meeting, 1 to 100 (default 10).</param>
/// <param name="StartsOn">The first day meetings may fall on (default today); weekly intervals count from its week.</param>
public sealed record MeetingScheduleRequest(string? Frequency = null, int? IntervalWeeks = null, IReadOnlyList<int>? WeeksOfMonth = null,
    string? Weekday = null, string? StartTime = null, int? CutoffDays = null, int? Capacity = null, DateOnly? StartsOn = null);

/// <summary>A meeting added outside the schedule.</summary>
/// <param name="StartsAt">When it starts.</param>
/// <param name="CutoffAt">Items placed after this go to a later meeting (default: 7 days before the start).</param>
/// <param name="Capacity">Items it takes, 1 to 100 (default: the schedule's, else 10).</param>
public sealed record AddMeetingRequest(DateTimeOffset? StartsAt = null, DateTimeOffset? CutoffAt = null, int? Capacity = null);

/// <summary>Why a meeting is cancelled; its items move to the next meetings with room.</summary>
/// <param name="Reason">1 to 500 characters.</param>
public sealed record CancelMeetingRequest(string? Reason = null);

/// <summary>A member's presence at an open meeting.</summary>
/// <param name="Present">Arrived (true) or left (false).</param>
public sealed record AttendanceRequest(bool? Present = null);

/// <summary>An open ethics task routed to the committee's meetings or to expedited review.</summary>
/// <param name="SiteProjectId">The project.</param>
/// <param name="StepId">The open ethics task, such as ethics-review.</param>
/// <param name="Route">full-board (a meeting decides) or expedited (members the chair names decide).</param>
/// <param name="MeetingId">Full-board: the meeting; default the first that takes items and has room.</param>
/// <param name="ReviewerIds">Expedited: the two or more members who review (the chair names them); full-board: primary reviewers.</param>
public sealed record RouteItemRequest(Guid? SiteProjectId = null, string? StepId = null, string? Route = null, Guid? MeetingId = null,
    IReadOnlyList<Guid>? ReviewerIds = null);

/// <summary>A full-board item moved to another meeting.</summary>
/// <param name="MeetingId">The meeting; default the first later one that takes items and has room.</param>
/// <param name="Reason">Why, 1 to 500 characters (the minutes of the meeting it leaves print it).</param>
public sealed record MoveItemRequest(Guid? MeetingId = null, string? Reason = null);

/// <summary>The primary reviewers of a full-board item (主审委员), replacing those named before.</summary>
/// <param name="MemberIds">Members on the roster, without a conflict with the project.</param>
public sealed record ReviewersRequest(IReadOnlyList<Guid>? MemberIds = null);

/// <summary>A reviewer's review form, or an expedited reviewer's opinion.</summary>
/// <param name="MemberId">The reviewer (a member records their own; the secretary records anyone's).</param>
/// <param name="Opinion">The outcome recommended: one of the task's outcomes.</param>
/// <param name="Comments">At most 4000 characters.</param>
public sealed record ReviewFormRequest(Guid? MemberId = null, string? Opinion = null, string? Comments = null);

/// <summary>A member's vote on an item at its open meeting.</summary>
/// <param name="Outcome">One of the task's outcomes.</param>
public sealed record VoteRequest(string? Outcome = null);

/// <summary>The discussion's notes on an item, for the minutes.</summary>
/// <param name="Notes">At most 4000 characters.</param>
public sealed record ItemNotesRequest(string? Notes = null);

/// <summary>The item's result recorded as the ethics task's signed decision.</summary>
/// <param name="Signature">The chair's or secretary's signature: meaning and password.</param>
/// <param name="Reason">Why, printed with the decision.</param>
public sealed record ItemDecisionRequest(Reviews.SignatureRequest? Signature = null, string? Reason = null);

/// <summary>The committee's rules: its composition and how its meetings decide.</summary>
/// <param name="MinimumMembers">Composition: fewest members serving, 1 to 100.</param>
/// <param name="RequiredFields">Composition: fields that must be held, groups by commas, alternatives by | ("medicine|pharmacy,ethics,law,lay").</param>
/// <param name="MinimumExternalMembers">Composition: fewest members from outside the institution.</param>
/// <param name="RequireBothSexes">Composition: members of both sexes.</param>
/// <param name="QuorumShare">Quorum: more than this share of the serving members present, as "1/2".</param>
/// <param name="QuorumNeedsExternal">Quorum: a member from outside the institution among them.</param>
/// <param name="QuorumNeedsNonScientist">Quorum: a member from ethics, law or the lay public among them.</param>
/// <param name="ResultShare">Result: the share of agreeing votes an outcome needs, as "1/2" or "2/3".</param>
/// <param name="ResultAtLeast">Result: at least the share (true) or more than it (false, the default).</param>
/// <param name="ResultBase">Result: all-members (every serving member, the default) or present-members.</param>
public sealed record CommitteeRulesRequest(int? MinimumMembers = null, string? RequiredFields = null, int? MinimumExternalMembers = null,
    bool? RequireBothSexes = null, string? QuorumShare = null, bool? QuorumNeedsExternal = null, bool? QuorumNeedsNonScientist = null,
    string? ResultShare = null, bool? ResultAtLeast = null, string? ResultBase = null);
