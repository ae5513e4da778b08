namespace TrialStartup.Contracts.Reviews;

/// <summary>Event: a reviewer sent the work back; <see cref="HolderRole"/> (usually the sponsor) must revise and resubmit.</summary>
/// <param name="TrialId">The trial.</param>
/// <param name="SiteProjectId">The site project.</param>
/// <param name="WorkflowInstanceId">The project's workflow instance.</param>
/// <param name="CorrelationId">The command that asked.</param>
/// <param name="InstitutionCode">The institution.</param>
/// <param name="StepId">The task that asked.</param>
/// <param name="Round">The round that asked.</param>
/// <param name="HolderRole">Who must revise.</param>
/// <param name="RequestedAt">When.</param>
public sealed record ChangesRequested(
    Guid TrialId,
    Guid SiteProjectId,
    Guid WorkflowInstanceId,
    Guid CorrelationId,
    string InstitutionCode,
    string StepId,
    int Round,
    string HolderRole,
    DateTimeOffset RequestedAt) : ISiteProjectMessage;
