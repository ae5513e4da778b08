namespace TrialStartup.Contracts.Reviews;

/// <summary>Event: a task other than an ethics one was decided (intake, institutional approval, contract, start-up meeting).</summary>
/// <param name="TrialId">The trial.</param>
/// <param name="SiteProjectId">The site project.</param>
/// <param name="WorkflowInstanceId">The project's workflow instance.</param>
/// <param name="CorrelationId">The command that recorded it.</param>
/// <param name="InstitutionCode">The institution.</param>
/// <param name="StepId">The task.</param>
/// <param name="Role">The role that decided.</param>
/// <param name="Round">The round decided.</param>
/// <param name="Outcome">The outcome.</param>
/// <param name="DecidedBy">The printed name.</param>
/// <param name="DecidedAt">When it was recorded.</param>
public sealed record ReviewDecisionRecorded(
    Guid TrialId,
    Guid SiteProjectId,
    Guid WorkflowInstanceId,
    Guid CorrelationId,
    string InstitutionCode,
    string StepId,
    string Role,
    int Round,
    string Outcome,
    string DecidedBy,
    DateTimeOffset DecidedAt) : ISiteProjectMessage;
