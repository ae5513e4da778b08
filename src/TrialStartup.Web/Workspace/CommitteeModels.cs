namespace TrialStartup.Web.Workspace;

/// <summary>A committee meeting (<c>GET /ethics-committee/meetings</c>).</summary>
/// <param name="Id">The meeting.</param>
/// <param name="StartsAt">When it starts.</param>
/// <param name="CutoffAt">Items placed after this go to a later meeting.</param>
/// <param name="Capacity">Items it takes.</param>
/// <param name="Taken">Items on its agenda.</param>
/// <param name="FromSchedule">Made from the schedule.</param>
/// <param name="Status">planned, open, closed or cancelled.</param>
/// <param name="CancelReason">Why it was cancelled.</param>
/// <param name="OpenedAt">When it was opened.</param>
/// <param name="ClosedAt">When it was closed.</param>
public sealed record CommitteeMeeting(Guid Id, DateTimeOffset StartsAt, DateTimeOffset CutoffAt, int Capacity, int Taken, bool FromSchedule,
    string Status, string? CancelReason, DateTimeOffset? OpenedAt, DateTimeOffset? ClosedAt)
{
    /// <summary>A planned meeting.</summary>
    public const string Planned = "planned";

    /// <summary>An open meeting.</summary>
    public const string Open = "open";

    /// <summary>A meeting held and closed: its minutes are the record.</summary>
    public const string Closed = "closed";

    /// <summary>A cancelled meeting.</summary>
    public const string Cancelled = "cancelled";
}

/// <summary>A meeting with its attendance and agenda (<c>GET /ethics-committee/meetings/{id}</c>).</summary>
/// <param name="Meeting">The meeting.</param>
/// <param name="Attendance">Every member serving on the day.</param>
/// <param name="Agenda">Its items.</param>
/// <param name="MovedAway">Items that left its agenda.</param>
public sealed record MeetingDetail(CommitteeMeeting Meeting, IReadOnlyList<MeetingAttendee> Attendance, IReadOnlyList<AgendaItem> Agenda,
    IReadOnlyList<MovedItem> MovedAway);

/// <summary>A member as the meeting sees them.</summary>
/// <param name="MemberId">The member.</param>
/// <param name="Name">The name.</param>
/// <param name="Role">chair, vice-chair, secretary or member.</param>
/// <param name="Expertise">The member's fields.</param>
/// <param name="External">From outside the institution.</param>
/// <param name="Present">Marked present.</param>
public sealed record MeetingAttendee(Guid MemberId, string Name, string Role, IReadOnlyList<string> Expertise, bool External, bool Present,
    Guid? AccountId = null);

/// <summary>An item of the agenda with its conflicts, quorum now and votes.</summary>
/// <param name="Item">The case.</param>
/// <param name="ConflictedMemberIds">Members with a conflict of interest.</param>
/// <param name="Quorum">Whether it may be decided now.</param>
/// <param name="Count">What its votes carry.</param>
/// <param name="Votes">Each counted member's vote.</param>
/// <param name="Outcomes">The outcomes a vote may take (the task's), added by the workspace for the vote choices.</param>
public sealed record AgendaItem(CommitteeItem Item, IReadOnlyList<Guid> ConflictedMemberIds, MeetingQuorum Quorum, VoteTally Count,
    IReadOnlyList<MemberVote> Votes, IReadOnlyList<string>? Outcomes = null);

/// <summary>The committee's case for one ethics task round.</summary>
/// <param name="Id">The item.</param>
/// <param name="SiteProjectId">The project.</param>
/// <param name="ProtocolNumber">The trial's protocol number.</param>
/// <param name="TrialTitle">The trial's title.</param>
/// <param name="StepId">The ethics task.</param>
/// <param name="Round">Its round.</param>
/// <param name="Route">full-board or expedited.</param>
/// <param name="Status">on-agenda, in-expedited-review or decided.</param>
/// <param name="RoutedAt">When it was routed.</param>
/// <param name="MeetingId">Its meeting.</param>
/// <param name="MeetingAt">When that meeting starts.</param>
/// <param name="Outcome">The decided outcome.</param>
/// <param name="DecidedAt">When it was decided.</param>
/// <param name="OpinionLetterId">The opinion letter issued with the decision, a document of the project's dossier.</param>
/// <param name="Reviewers">Primary or expedited reviewers and the opinions they recorded.</param>
/// <param name="Outcomes">The outcomes an expedited reviewer's opinion may take (the task's), added by the workspace for the opinion choices.</param>
public sealed record CommitteeItem(Guid Id, Guid SiteProjectId, string ProtocolNumber, string TrialTitle, string StepId, int Round, string Route,
    string Status, DateTimeOffset RoutedAt, Guid? MeetingId, DateTimeOffset? MeetingAt, string? Outcome, DateTimeOffset? DecidedAt,
    Guid? OpinionLetterId = null, IReadOnlyList<CommitteeReviewer>? Reviewers = null, IReadOnlyList<string>? Outcomes = null)
{
    /// <summary>A decided item.</summary>
    public const string Decided = "decided";

    /// <summary>An item on a meeting's agenda (routed full-board, or sent there by expedited reviewers who disagree).</summary>
    public const string OnAgenda = "on-agenda";

    /// <summary>An item its expedited reviewers are reviewing.</summary>
    public const string InExpeditedReview = "in-expedited-review";

    /// <summary>Routed to expedited review (简易程序 / 快速审查).</summary>
    public const string Expedited = "expedited";
}

/// <summary>A reviewer named on an item, and the opinion recorded.</summary>
/// <param name="MemberId">The member.</param>
/// <param name="Name">The name.</param>
/// <param name="Kind">primary or expedited.</param>
/// <param name="Opinion">The outcome recommended; null until recorded.</param>
/// <param name="Comments">The comments.</param>
/// <param name="RecordedAt">When the opinion was recorded.</param>
public sealed record CommitteeReviewer(Guid MemberId, string Name, string Kind, string? Opinion, string? Comments, DateTimeOffset? RecordedAt);

/// <summary>The committee's roster (<c>GET /ethics-committee/members</c>), as the pages need it.</summary>
/// <param name="Members">The members, by role and name.</param>
public sealed record CommitteeRoster(IReadOnlyList<RosterMember> Members);

/// <summary>A member's conflict of interest with a project (<c>GET /site-projects/{id}/conflicts-of-interest</c>), as the pages need it.</summary>
/// <param name="MemberId">The member who may not review the project.</param>
/// <param name="MemberName">The member's name.</param>
public sealed record MemberConflict(Guid MemberId, string MemberName);

/// <summary>A member on the roster.</summary>
/// <param name="Id">The member.</param>
/// <param name="Name">The name.</param>
/// <param name="AccountId">The person's account, when linked.</param>
/// <param name="Role">chair, vice-chair, secretary or member.</param>
/// <param name="ServingToday">Whether the term covers today.</param>
public sealed record RosterMember(Guid Id, string Name, Guid? AccountId, string Role, bool ServingToday);

/// <summary>An item's quorum now.</summary>
/// <param name="Holds">Whether the item may be decided.</param>
/// <param name="Counted">Members present without a conflict.</param>
/// <param name="Serving">Members serving on the day.</param>
/// <param name="Needed">The fewest counted members needed.</param>
/// <param name="Missing">What is missing, in the API's English words.</param>
public sealed record MeetingQuorum(bool Holds, int Counted, int Serving, int Needed, IReadOnlyList<string> Missing);

/// <summary>What an item's votes carry.</summary>
/// <param name="Outcome">The outcome carried, if any.</param>
/// <param name="Votes">Counted votes per outcome.</param>
/// <param name="Base">The members the share is taken of.</param>
/// <param name="Needed">The fewest agreeing votes that carry an outcome.</param>
public sealed record VoteTally(string? Outcome, IReadOnlyDictionary<string, int> Votes, int Base, int Needed);

/// <summary>A member's vote.</summary>
/// <param name="MemberId">The member.</param>
/// <param name="Name">The name.</param>
/// <param name="Outcome">The outcome voted for.</param>
public sealed record MemberVote(Guid MemberId, string Name, string Outcome);

/// <summary>An item that left a meeting's agenda.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="SiteProjectId">Its project.</param>
/// <param name="ToMeetingId">Where it went, if anywhere.</param>
/// <param name="Reason">Why.</param>
/// <param name="ByName">Who moved it.</param>
/// <param name="At">When.</param>
/// <param name="ProtocolNumber">The trial's protocol number, added by the workspace: the page names the item by its trial.</param>
/// <param name="TrialTitle">The trial's title, added by the workspace.</param>
/// <param name="ToMeetingAt">When the meeting it went to starts, added by the workspace.</param>
public sealed record MovedItem(Guid ItemId, Guid SiteProjectId, Guid? ToMeetingId, string Reason, string ByName, DateTimeOffset At,
    string? ProtocolNumber = null, string? TrialTitle = null, DateTimeOffset? ToMeetingAt = null);

/// <summary>The committee's work (<c>GET /ethics-committee/items</c>): open ethics tasks not routed yet, and its items.</summary>
/// <param name="ToRoute">Open ethics tasks waiting to be routed, with the trial's protocol number and title.</param>
/// <param name="Items">Items on an agenda or in expedited review.</param>
public sealed record CommitteeWork(IReadOnlyList<OpenTask> ToRoute, IReadOnlyList<CommitteeItem> Items);

/// <summary>A proposed meeting schedule for the what-if (<c>POST /ethics-committee/what-if</c>).</summary>
/// <param name="Frequency">weekly or monthly.</param>
/// <param name="Weekday">monday … sunday.</param>
/// <param name="Capacity">Items per meeting.</param>
/// <param name="IntervalWeeks">Weekly: every n weeks.</param>
/// <param name="WeeksOfMonth">Monthly: which occurrences of the weekday.</param>
/// <param name="StartTime">Local start, HH:mm.</param>
public sealed record ProposedSchedule(string Frequency, string Weekday, int Capacity, int IntervalWeeks = 1, IReadOnlyList<int>? WeeksOfMonth = null,
    string StartTime = "14:00");

/// <summary>Days from submission to decision: median and 90th percentile.</summary>
/// <param name="Count">Submissions counted.</param>
/// <param name="MedianDays">The median.</param>
/// <param name="P90Days">The 90th percentile.</param>
public sealed record DaysSpread(int Count, double? MedianDays, double? P90Days);

/// <summary>What the proposed schedule would have done to the last 12 months' full-board submissions.</summary>
/// <param name="Submissions">Submissions replayed.</param>
/// <param name="Current">Under the committee's real meetings.</param>
/// <param name="Proposed">Under the proposed schedule.</param>
/// <param name="MedianDaysSaved">Median days saved.</param>
/// <param name="P90DaysSaved">90th percentile days saved.</param>
/// <param name="TotalDaysSaved">Days saved in all.</param>
public sealed record WhatIfResult(int Submissions, DaysSpread Current, DaysSpread Proposed, double? MedianDaysSaved, double? P90DaysSaved,
    double TotalDaysSaved);

/// <summary>The committee's recurring meeting schedule (<c>GET /ethics-committee/meeting-schedule</c>).</summary>
/// <param name="Frequency">weekly (every <paramref name="IntervalWeeks"/> weeks) or monthly (on <paramref name="WeeksOfMonth"/>).</param>
/// <param name="IntervalWeeks">Weekly: every n weeks, 1 to 8.</param>
/// <param name="WeeksOfMonth">Monthly: which occurrences of the weekday, 1 to 5.</param>
/// <param name="Weekday">monday … sunday.</param>
/// <param name="StartTime">Local start, HH:mm.</param>
/// <param name="CutoffDays">Days before the meeting by which items must be on file.</param>
/// <param name="Capacity">Items per meeting.</param>
/// <param name="StartsOn">The first day meetings may fall on.</param>
/// <param name="TimeZone">The institution's time zone, in which the times are.</param>
public sealed record MeetingSchedule(string Frequency, int IntervalWeeks, IReadOnlyList<int> WeeksOfMonth, string Weekday, string StartTime,
    int CutoffDays, int Capacity, DateOnly StartsOn, string? TimeZone = null)
{
    /// <summary>Every n weeks.</summary>
    public const string Weekly = "weekly";

    /// <summary>On given weeks of each month.</summary>
    public const string Monthly = "monthly";
}

/// <summary>A meeting added outside the schedule (<c>POST /ethics-committee/meetings</c>).</summary>
/// <param name="StartsAt">When it starts.</param>
/// <param name="CutoffAt">Items placed after this go to a later meeting.</param>
/// <param name="Capacity">Items it takes.</param>
public sealed record NewMeeting(DateTimeOffset? StartsAt, DateTimeOffset? CutoffAt, int? Capacity);

/// <summary>The continuing reviews (跟踪审查) of the institution's approved projects (<c>GET /ethics-committee/continuing-reviews</c>).</summary>
/// <param name="Today">The day the states are counted on, in the institution's time zone.</param>
/// <param name="DueSoonWithinWorkingDays">A review due within this many working days is due soon.</param>
/// <param name="Items">Every project whose approval stands, soonest due first.</param>
public sealed record ContinuingReviews(DateOnly Today, int DueSoonWithinWorkingDays, IReadOnlyList<ContinuingReviewDue> Items);

/// <summary>A project's next continuing review.</summary>
/// <param name="SiteProjectId">The project.</param>
/// <param name="ProtocolNumber">The trial's protocol number.</param>
/// <param name="TrialTitle">The trial's title.</param>
/// <param name="ApprovedOn">The approval's day.</param>
/// <param name="IntervalMonths">Months between reviews.</param>
/// <param name="ReviewsRecorded">Reviews recorded so far.</param>
/// <param name="LastReviewedOn">The last review's day.</param>
/// <param name="NextDueOn">The last day the next review is on time.</param>
/// <param name="WorkingDaysLeft">Working days left up to the due day (0 on it, negative once overdue); null beyond the calendar.</param>
/// <param name="State">upcoming, due-soon, overdue or closed.</param>
public sealed record ContinuingReviewDue(Guid SiteProjectId, string ProtocolNumber, string TrialTitle, DateOnly ApprovedOn, int IntervalMonths,
    int ReviewsRecorded, DateOnly? LastReviewedOn, DateOnly NextDueOn, int? WorkingDaysLeft, string State)
{
    /// <summary>Due within the warning window, or today.</summary>
    public const string DueSoon = "due-soon";

    /// <summary>Past its due day.</summary>
    public const string Overdue = "overdue";

    /// <summary>The approval ended: no review falls due.</summary>
    public const string Closed = "closed";
}

/// <summary>A project's continuing-review schedule after a change (<c>…/continuing-review</c>).</summary>
/// <param name="Schedule">The schedule as it now stands: the next due day, or closed.</param>
public sealed record ContinuingReviewRecorded(ContinuingReviewDue Schedule);

/// <summary>Who observes a meeting (joint review, 联合审查), and who may (<c>GET /ethics-committee/meetings/{id}/observers</c>).</summary>
/// <param name="Invited">The participating sites' committees invited.</param>
/// <param name="Candidates">The participating sites of the trials on the agenda.</param>
public sealed record MeetingObservers(IReadOnlyList<MeetingObserver> Invited, IReadOnlyList<ObserverCandidate> Candidates);

/// <summary>A committee invited to observe.</summary>
/// <param name="InstitutionId">Its institution.</param>
/// <param name="Name">The institution's name.</param>
/// <param name="InvitedAt">When it was invited.</param>
public sealed record MeetingObserver(Guid InstitutionId, string Name, DateTimeOffset InvitedAt);

/// <summary>A participating site that may observe.</summary>
/// <param name="InstitutionId">The institution.</param>
/// <param name="Name">Its name.</param>
/// <param name="EnglishName">Its English name.</param>
public sealed record ObserverCandidate(Guid InstitutionId, string Name, string EnglishName);

/// <summary>A lead site's meeting the committee observes (<c>GET /ethics-committee/joint-reviews</c>).</summary>
/// <param name="MeetingId">The meeting.</param>
/// <param name="LeadInstitutionName">The lead site.</param>
/// <param name="StartsAt">When it starts.</param>
/// <param name="Status">planned, open, closed or cancelled.</param>
/// <param name="Items">The shared trials on its agenda.</param>
public sealed record JointReview(Guid MeetingId, string LeadInstitutionName, DateTimeOffset StartsAt, string Status, IReadOnlyList<JointReviewItem> Items);

/// <summary>A shared trial at a joint review.</summary>
/// <param name="TrialId">The trial.</param>
/// <param name="ProtocolNumber">Its protocol number.</param>
/// <param name="TrialTitle">Its title.</param>
/// <param name="Outcome">The lead committee's result; null until decided.</param>
/// <param name="DecidedAt">When.</param>
/// <param name="SiteProjectId">This site's project of the trial, on which a recognition is recorded.</param>
public sealed record JointReviewItem(Guid TrialId, string ProtocolNumber, string TrialTitle, string? Outcome, DateTimeOffset? DecidedAt, Guid? SiteProjectId)
{
    /// <summary>Whether the lead approved the trial: the only result a site recognises.</summary>
    public bool Approved => Outcome is "approve" or "confirmed";
}

/// <summary>A recognition recorded (<c>POST /ethics-committee/joint-reviews/{id}/recognitions</c>).</summary>
/// <param name="SiteProjectId">The site's project.</param>
/// <param name="Reason">The citation recorded.</param>
public sealed record JointRecognition(Guid SiteProjectId, string Reason);
