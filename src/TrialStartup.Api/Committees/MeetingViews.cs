namespace TrialStartup.Api.Committees;

using System.Globalization;
using NodaTime;
using TrialStartup.Data.Committees;

/// <summary>The committee's meeting schedule.</summary>
/// <param name="Frequency">weekly or monthly.</param>
/// <param name="IntervalWeeks">Weekly: every n weeks.</param>
/// <param name="WeeksOfMonth">Monthly: which occurrences of the weekday.</param>
/// <param name="Weekday">monday … sunday.</param>
/// <param name="StartTime">Local start, HH:mm.</param>
/// <param name="CutoffDays">Days before the meeting by which items must be placed.</param>
/// <param name="Capacity">Items per meeting.</param>
/// <param name="StartsOn">The first day meetings may fall on.</param>
/// <param name="TimeZone">The institution's time zone, in which the times are.</param>
public sealed record MeetingScheduleView(string Frequency, int IntervalWeeks, IReadOnlyList<int> WeeksOfMonth, string Weekday, string StartTime,
    int CutoffDays, int Capacity, DateOnly StartsOn, string TimeZone)
{
    internal static MeetingScheduleView From(MeetingPattern p, string timeZone) =>
        new(p.Frequency, p.IntervalWeeks, p.WeeksOfMonth, p.Weekday.ToString().ToLowerInvariant(),
            p.StartTime.ToString("HH:mm", CultureInfo.InvariantCulture), p.CutoffDays, p.Capacity, p.StartsOn.ToDateOnly(), timeZone);
}

/// <summary>A committee meeting.</summary>
/// <param name="Id">The meeting.</param>
/// <param name="StartsAt">When it starts.</param>
/// <param name="CutoffAt">Items placed after this go to a later meeting.</param>
/// <param name="Capacity">Items it takes.</param>
/// <param name="Taken">Items on its agenda (decided ones included).</param>
/// <param name="FromSchedule">Made from the schedule rather than added.</param>
/// <param name="Status">planned, open, closed or cancelled.</param>
/// <param name="CancelReason">Why it was cancelled.</param>
/// <param name="OpenedAt">When the secretary opened it.</param>
/// <param name="ClosedAt">When the secretary closed it.</param>
public sealed record MeetingView(Guid Id, DateTimeOffset StartsAt, DateTimeOffset CutoffAt, int Capacity, int Taken, bool FromSchedule,
    string Status, string? CancelReason, DateTimeOffset? OpenedAt, DateTimeOffset? ClosedAt)
{
    internal static MeetingView From(Meeting m, int taken) =>
        new(m.Id, m.StartsAt, m.CutoffAt, m.Capacity, taken, m.FromSchedule, m.Status, m.CancelReason, m.OpenedAt, m.ClosedAt);
}

/// <summary>A meeting with its attendance and agenda, each item's live quorum and count.</summary>
/// <param name="Meeting">The meeting.</param>
/// <param name="Attendance">Every member serving on the meeting day, present or not.</param>
/// <param name="Agenda">The items on its agenda, in the order they were routed.</param>
/// <param name="MovedAway">Items that left this meeting's agenda, with why.</param>
public sealed record MeetingDetailView(MeetingView Meeting, IReadOnlyList<AttendeeView> Attendance, IReadOnlyList<AgendaItemView> Agenda,
    IReadOnlyList<ItemMoveView> MovedAway);

/// <summary>A member as the meeting sees them.</summary>
/// <param name="MemberId">The member.</param>
/// <param name="Name">The name.</param>
/// <param name="Role">chair, vice-chair, secretary or member.</param>
/// <param name="Expertise">The member's fields.</param>
/// <param name="External">From outside the institution.</param>
/// <param name="Present">Marked present.</param>
/// <param name="AccountId">The member's account here, when they have one: they cast their own votes with it.</param>
public sealed record AttendeeView(Guid MemberId, string Name, string Role, IReadOnlyList<string> Expertise, bool External, bool Present,
    Guid? AccountId);

/// <summary>An item on a meeting's agenda: the case, who is conflicted, the quorum for it now, and its votes.</summary>
/// <param name="Item">The case.</param>
/// <param name="ConflictedMemberIds">Members with a conflict of interest with the project: out of its discussion, vote and quorum.</param>
/// <param name="Quorum">Whether it may be decided now.</param>
/// <param name="Count">What its votes carry under the committee's rule.</param>
/// <param name="Votes">Each counted member's vote.</param>
public sealed record AgendaItemView(ReviewItemView Item, IReadOnlyList<Guid> ConflictedMemberIds, QuorumView Quorum, VoteCountView Count,
    IReadOnlyList<VoteView> Votes);

/// <summary>The committee's case for one ethics task round.</summary>
/// <param name="Id">The item.</param>
/// <param name="SiteProjectId">The project.</param>
/// <param name="ProtocolNumber">The trial's protocol number.</param>
/// <param name="TrialTitle">The trial's title.</param>
/// <param name="StepId">The ethics task.</param>
/// <param name="Round">Its round.</param>
/// <param name="Route">full-board or expedited.</param>
/// <param name="Status">on-agenda, in-expedited-review or decided.</param>
/// <param name="RoutedAt">When it was routed (a full-board item's submission to the meetings).</param>
/// <param name="MeetingId">The meeting whose agenda it is on.</param>
/// <param name="MeetingAt">When that meeting starts.</param>
/// <param name="Notes">The discussion's notes.</param>
/// <param name="Outcome">The decided outcome.</param>
/// <param name="DecidedAt">When it was decided.</param>
/// <param name="DecisionId">The signed decision.</param>
/// <param name="OpinionLetterId">The opinion letter issued with the decision: a document of the project's dossier (kind ethics-opinion).</param>
/// <param name="Reviewers">Primary or expedited reviewers and their forms.</param>
public sealed record ReviewItemView(Guid Id, Guid SiteProjectId, string ProtocolNumber, string TrialTitle, string StepId, int Round, string Route,
    string Status, DateTimeOffset RoutedAt, Guid? MeetingId, DateTimeOffset? MeetingAt, string Notes, string? Outcome, DateTimeOffset? DecidedAt,
    Guid? DecisionId, Guid? OpinionLetterId, IReadOnlyList<ReviewerView> Reviewers);

/// <summary>A reviewer of an item and their review form.</summary>
/// <param name="MemberId">The member.</param>
/// <param name="Name">The name.</param>
/// <param name="Kind">primary or expedited.</param>
/// <param name="Opinion">The outcome recommended; null until recorded.</param>
/// <param name="Comments">The form's comments.</param>
/// <param name="RecordedAt">When the form was recorded.</param>
public sealed record ReviewerView(Guid MemberId, string Name, string Kind, string? Opinion, string Comments, DateTimeOffset? RecordedAt);

/// <summary>An item's quorum now.</summary>
/// <param name="Holds">Whether the item may be decided.</param>
/// <param name="Counted">Members present without a conflict.</param>
/// <param name="Serving">Members serving on the meeting day.</param>
/// <param name="Needed">The fewest counted members the share needs.</param>
/// <param name="Missing">What is missing, in words.</param>
public sealed record QuorumView(bool Holds, int Counted, int Serving, int Needed, IReadOnlyList<string> Missing)
{
    internal static QuorumView From(QuorumCheck q) => new(q.Holds, q.Counted, q.Serving, q.Needed, q.Missing);
}

/// <summary>What an item's votes carry.</summary>
/// <param name="Outcome">The outcome carried; null when none reaches the share.</param>
/// <param name="Votes">Counted votes per outcome.</param>
/// <param name="Base">The members the share is taken of.</param>
/// <param name="Needed">The fewest agreeing votes that carry an outcome.</param>
public sealed record VoteCountView(string? Outcome, IReadOnlyDictionary<string, int> Votes, int Base, int Needed)
{
    internal static VoteCountView From(VoteCount c) => new(c.Outcome, c.Votes, c.Base, c.Needed);
}

/// <summary>A member's vote.</summary>
/// <param name="MemberId">The member.</param>
/// <param name="Name">The name.</param>
/// <param name="Outcome">The outcome voted for.</param>
/// <param name="RecordedBy">Who recorded it.</param>
/// <param name="RecordedAt">When.</param>
public sealed record VoteView(Guid MemberId, string Name, string Outcome, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>An item that left a meeting's agenda.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="SiteProjectId">Its project.</param>
/// <param name="FromMeetingId">The meeting it left.</param>
/// <param name="ToMeetingId">The meeting it went to; null when no later meeting had room.</param>
/// <param name="Reason">Why.</param>
/// <param name="ByName">Who moved it (or the system, for a cancelled meeting).</param>
/// <param name="At">When.</param>
public sealed record ItemMoveView(Guid ItemId, Guid SiteProjectId, Guid? FromMeetingId, Guid? ToMeetingId, string Reason, string ByName, DateTimeOffset At);

/// <summary>The committee's rules.</summary>
/// <param name="Composition">What the roster must be made of.</param>
/// <param name="QuorumShare">More than this share of the serving members must be present, such as "1/2".</param>
/// <param name="QuorumNeedsExternal">A member from outside the institution among them.</param>
/// <param name="QuorumNeedsNonScientist">A member from ethics, law or the lay public among them.</param>
/// <param name="ResultShare">The share of agreeing votes an outcome needs, such as "1/2".</param>
/// <param name="ResultAtLeast">At least the share (true) or more than it (false).</param>
/// <param name="ResultBase">all-members or present-members.</param>
/// <param name="RosterBreaches">How today's roster breaks the composition rule; empty when it meets it.</param>
public sealed record CommitteeRulesView(CompositionRuleView Composition, string QuorumShare, bool QuorumNeedsExternal, bool QuorumNeedsNonScientist,
    string ResultShare, bool ResultAtLeast, string ResultBase, IReadOnlyList<RosterBreachView> RosterBreaches)
{
    internal static CommitteeRulesView From(CompositionRule composition, MeetingRule meeting, IReadOnlyList<RosterBreach> breaches) =>
        new(CompositionRuleView.From(composition), $"{meeting.QuorumNumerator}/{meeting.QuorumDenominator}", meeting.QuorumNeedsExternal,
            meeting.QuorumNeedsNonScientist, $"{meeting.ResultNumerator}/{meeting.ResultDenominator}", meeting.ResultAtLeast, meeting.ResultBase,
            [.. breaches.Select(RosterBreachView.From)]);
}
