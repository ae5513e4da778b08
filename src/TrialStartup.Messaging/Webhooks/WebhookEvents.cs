namespace TrialStartup.Messaging.Webhooks;

using System.Text.Json;
using TrialStartup.Contracts.GreenChannel;
using TrialStartup.Contracts.Reviews;
using TrialStartup.Contracts.Sites;
using TrialStartup.Contracts.Turnaround;

/// <summary>The event types an organisation can subscribe to: a closed set, stable across versions.</summary>
public static class WebhookEventTypes
{
    public const string StepOpened = "step.opened";
    public const string StepCompleted = "step.completed";
    public const string DecisionRecorded = "decision.recorded";
    public const string ChangesRequested = "changes.requested";
    public const string DeadlineWarned = "deadline.warned";
    public const string DeadlineBreached = "deadline.breached";
    public const string LeadPublished = "lead.published";
    public const string SiteActivated = "site.activated";
    public const string ProjectSuspended = "project.suspended";
    public const string ProjectResumed = "project.resumed";
    public const string ProjectEnded = "project.ended";

    /// <summary>Every type, with what it tells, in the order a project meets them.</summary>
    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [StepOpened] = "A task of a site project opened for a role (a review, the intake, a change request for the sponsor).",
        [StepCompleted] = "A task of a site project was completed, with its outcome.",
        [DecisionRecorded] = "A decision was recorded and signed: who decided, the outcome and, for ethics, the review type.",
        [ChangesRequested] = "A reviewer asked for changes: the task waits for the role that must answer.",
        [DeadlineWarned] = "A task's turnaround target is near (the warning timer fired).",
        [DeadlineBreached] = "A task's turnaround target was missed.",
        [LeadPublished] = "The lead site published a green-channel signal (its ethics approval, the unified contract, a suspension...).",
        [SiteActivated] = "A site is activated: every review done, the start-up meeting held.",
        [ProjectSuspended] = "A site project was suspended.",
        [ProjectResumed] = "A suspended site project was resumed.",
        [ProjectEnded] = "A site project ended without activation (disapproved, withdrawn, terminated).",
    };
}

/// <summary>
/// What a webhook tells of an event: one flat shape for every type, its fields filled as the type has them, so a
/// subscriber reads every event with one class (the others are null). Times are ISO 8601 with their offset.
/// </summary>
/// <param name="TrialId">The trial.</param>
/// <param name="SiteProjectId">The site project (the trial at one institution).</param>
/// <param name="InstitutionCode">The site's institution, when the event is a site's.</param>
/// <param name="StepId">The task, for task events.</param>
/// <param name="Round">The task's round, 1 for the first.</param>
/// <param name="Role">The role that holds (or held) the task.</param>
/// <param name="Outcome">The outcome chosen, for a completed task or a decision.</param>
/// <param name="DecidedBy">The printed name of who decided.</param>
/// <param name="ReviewType">An ethics decision's review type (full-board, expedited, ...).</param>
/// <param name="Signal">The lead site's green-channel signal.</param>
/// <param name="Result">How a project ended.</param>
/// <param name="DueAt">The turnaround target, for deadline events.</param>
/// <param name="At">When it happened.</param>
public sealed record WebhookEventData(Guid TrialId, Guid SiteProjectId, string? InstitutionCode, string? StepId, int? Round, string? Role,
    string? Outcome, string? DecidedBy, string? ReviewType, string? Signal, string? Result, DateTimeOffset? DueAt, DateTimeOffset At);

/// <summary>A webhook's body, per Standard Webhooks: the type, when it happened, and its data.</summary>
/// <param name="Type">One of <see cref="WebhookEventTypes"/>.</param>
/// <param name="Timestamp">When it happened.</param>
/// <param name="Data">What happened.</param>
public sealed record WebhookEvent(string Type, DateTimeOffset Timestamp, WebhookEventData Data)
{
    // Every field written, null where the type has none: what the schema in the OpenAPI document says.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The JSON posted (camelCase, as the API writes).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>
    /// The webhook events a contract message stands for: none for what subscribers are not told (a review request to a
    /// committee's own system, a project's start), two for a decision (its step completed, and the decision itself).
    /// </summary>
    public static IReadOnlyList<WebhookEvent> Of(object message) => message switch
    {
        ReviewTaskOpened m => [Event(WebhookEventTypes.StepOpened, Site(m.OpenedAt, m.TrialId, m.SiteProjectId, m.InstitutionCode) with
            { StepId = m.StepId, Round = m.Round, Role = m.Role })],
        ReviewDecisionRecorded m => Decision(Site(m.DecidedAt, m.TrialId, m.SiteProjectId, m.InstitutionCode) with
            { StepId = m.StepId, Round = m.Round, Role = m.Role, Outcome = m.Outcome, DecidedBy = m.DecidedBy }),
        EthicsDecisionRecorded m => Decision(Site(m.DecidedAt, m.TrialId, m.SiteProjectId, m.InstitutionCode) with
        {
            StepId = m.StepId, Round = m.Round, Role = Workflows.Definitions.Roles.EthicsCommittee, Outcome = m.Outcome, DecidedBy = m.DecidedBy,
            ReviewType = m.ReviewType,
        }),
        ChangesRequested m => [Event(WebhookEventTypes.ChangesRequested, Site(m.RequestedAt, m.TrialId, m.SiteProjectId, m.InstitutionCode) with
            { StepId = m.StepId, Round = m.Round, Role = m.HolderRole })],
        TurnaroundTargetWarned m => [Event(WebhookEventTypes.DeadlineWarned, Site(m.FiredAt, m.TrialId, m.SiteProjectId, m.InstitutionCode) with
            { StepId = m.StepId, Round = m.Round, Role = m.Role, DueAt = m.DueAt })],
        TurnaroundTargetBreached m => [Event(WebhookEventTypes.DeadlineBreached, Site(m.FiredAt, m.TrialId, m.SiteProjectId, m.InstitutionCode) with
            { StepId = m.StepId, Round = m.Round, Role = m.Role, DueAt = m.DueAt })],
        LeadSiteSignalled m => [Event(WebhookEventTypes.LeadPublished, Site(m.PublishedAt, m.TrialId, m.SiteProjectId, null) with { Signal = m.Signal })],
        SiteActivated m => [Event(WebhookEventTypes.SiteActivated, Site(m.ActivatedAt, m.TrialId, m.SiteProjectId, m.InstitutionCode))],
        SiteStartupSuspended { Suspended: true } m => [Event(WebhookEventTypes.ProjectSuspended, Site(m.At, m.TrialId, m.SiteProjectId, m.InstitutionCode))],
        SiteStartupSuspended m => [Event(WebhookEventTypes.ProjectResumed, Site(m.At, m.TrialId, m.SiteProjectId, m.InstitutionCode))],
        SiteStartupStopped m => [Event(WebhookEventTypes.ProjectEnded, Site(m.StoppedAt, m.TrialId, m.SiteProjectId, m.InstitutionCode) with
            { Result = m.Result })],
        _ => [],
    };

    // A decision completes its step too: the step's event carries the outcome, the decision's also who decided.
    private static WebhookEvent[] Decision(WebhookEventData decision) =>
    [
        Event(WebhookEventTypes.StepCompleted, decision with { DecidedBy = null, ReviewType = null }),
        Event(WebhookEventTypes.DecisionRecorded, decision),
    ];

    private static WebhookEvent Event(string type, WebhookEventData data) => new(type, data.At, data);

    private static WebhookEventData Site(DateTimeOffset at, Guid trialId, Guid projectId, string? institution) =>
        new(trialId, projectId, institution, null, null, null, null, null, null, null, null, null, at);
}
