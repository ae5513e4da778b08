namespace TrialStartup.Contracts.Reviews;

/// <summary>Event: a task opened for a role at an institution (or for the sponsor), with its deadline when it has a target.</summary>
/// <param name="TrialId">The trial.</param>
/// <param name="SiteProjectId">The site project.</param>
/// <param name="WorkflowInstanceId">The project's workflow instance.</param>
/// <param name="CorrelationId">The command that opened it.</param>
/// <param name="InstitutionCode">The institution.</param>
/// <param name="StepId">The task.</param>
/// <param name="Role">The role that holds it.</param>
/// <param name="Round">The round, 1 for the first.</param>
/// <param name="OpenedAt">When it opened.</param>
public sealed record ReviewTaskOpened(
    Guid TrialId,
    Guid SiteProjectId,
    Guid WorkflowInstanceId,
    Guid CorrelationId,
    string InstitutionCode,
    string StepId,
    string Role,
    int Round,
    DateTimeOffset OpenedAt) : ISiteProjectMessage;
