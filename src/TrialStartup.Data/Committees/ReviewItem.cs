namespace TrialStartup.Data.Committees;

/// <summary>
/// The committee's case for one ethics task round of a site project: routed to a meeting (full-board, 会议审查) or to
/// members named by the chair (expedited, 简易程序), and decided once. A full-board item sits on one meeting's agenda at
/// a time; moving it records a <see cref="ReviewItemMove"/>. Disagreeing expedited reviewers send it to a meeting.
/// </summary>
public sealed class ReviewItem
{
    public const string FullBoard = "full-board";

    public const string Expedited = "expedited";

    /// <summary>Full-board, on a meeting's agenda, not decided.</summary>
    public const string OnAgenda = "on-agenda";

    /// <summary>Expedited, with its reviewers.</summary>
    public const string InExpeditedReview = "in-expedited-review";

    public const string Decided = "decided";

    private ReviewItem()
    {
    }

    public ReviewItem(Guid id, Guid institutionId, Guid siteProjectId, Guid workflowInstanceId, string stepId, int round, string route,
        DateTimeOffset routedAt, string routedBy)
    {
        Id = id;
        InstitutionId = institutionId;
        SiteProjectId = siteProjectId;
        WorkflowInstanceId = workflowInstanceId;
        StepId = stepId;
        Round = round;
        Route = route;
        RoutedAt = routedAt;
        RoutedBy = routedBy;
        Status = route == FullBoard ? OnAgenda : InExpeditedReview;
    }

    public Guid Id { get; private set; }

    public Guid InstitutionId { get; private set; }

    public Guid SiteProjectId { get; private set; }

    public Guid WorkflowInstanceId { get; private set; }

    /// <summary>The ethics task (ethics-review, ethics-modification-check …).</summary>
    public string StepId { get; private set; } = "";

    public int Round { get; private set; }

    /// <summary><see cref="FullBoard"/> or <see cref="Expedited"/>.</summary>
    public string Route { get; private set; } = FullBoard;

    /// <summary>When it was routed: a full-board item's submission to the committee's meetings.</summary>
    public DateTimeOffset RoutedAt { get; private set; }

    public string RoutedBy { get; private set; } = "";

    /// <summary>When an expedited item was sent to a meeting (its reviewers disagreed).</summary>
    public DateTimeOffset? SentToMeetingAt { get; private set; }

    /// <summary><see cref="OnAgenda"/>, <see cref="InExpeditedReview"/> or <see cref="Decided"/>.</summary>
    public string Status { get; private set; } = OnAgenda;

    /// <summary>The meeting whose agenda it is on (full-board).</summary>
    public Guid? MeetingId { get; private set; }

    /// <summary>The discussion's notes, for the minutes.</summary>
    public string Notes { get; private set; } = "";

    public string? Outcome { get; private set; }

    public DateTimeOffset? DecidedAt { get; private set; }

    /// <summary>The meeting that decided it (full-board).</summary>
    public Guid? DecidedAtMeetingId { get; private set; }

    /// <summary>The signed decision (<see cref="Decisions.DecisionRecord"/>) recorded for it.</summary>
    public Guid? DecisionId { get; private set; }

    /// <summary>The opinion letter issued for the decision: a document of the project's dossier.</summary>
    public Guid? OpinionLetterId { get; private set; }

    public void PlaceOn(Guid? meetingId) => MeetingId = meetingId;

    public void IssueLetter(Guid documentId) => OpinionLetterId = documentId;

    public void WriteNotes(string notes) => Notes = notes;

    /// <summary>Reviewers who disagree send an expedited item to the full board.</summary>
    public void SendToMeeting(DateTimeOffset at) => (Route, Status, SentToMeetingAt) = (FullBoard, OnAgenda, at);

    public void Decide(string outcome, DateTimeOffset at, Guid? meetingId, Guid? decisionId) =>
        (Status, Outcome, DecidedAt, DecidedAtMeetingId, DecisionId) = (Decided, outcome, at, meetingId, decisionId);
}
