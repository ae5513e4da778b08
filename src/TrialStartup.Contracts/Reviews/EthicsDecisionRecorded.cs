namespace TrialStartup.Contracts.Reviews;

/// <summary>Event: an ethics committee decided one of its tasks (review, recognition, modification check).</summary>
/// <param name="TrialId">The trial.</param>
/// <param name="SiteProjectId">The site project.</param>
/// <param name="WorkflowInstanceId">The project's workflow instance.</param>
/// <param name="CorrelationId">The command that recorded it.</param>
/// <param name="InstitutionCode">The institution.</param>
/// <param name="StepId">The task.</param>
/// <param name="Round">The round decided.</param>
/// <param name="Outcome">approve, approve-after-modifications, disapprove, recognised, …</param>
/// <param name="ReviewType">full-board or expedited, when the decision says.</param>
/// <param name="DecidedBy">The reviewer's printed name.</param>
/// <param name="DecidedAt">When it was recorded.</param>
public sealed record EthicsDecisionRecorded(
    Guid TrialId,
    Guid SiteProjectId,
    Guid WorkflowInstanceId,
    Guid CorrelationId,
    string InstitutionCode,
    string StepId,
    int Round,
    string Outcome,
    string? ReviewType,
    string DecidedBy,
    DateTimeOffset DecidedAt) : ISiteProjectMessage;
