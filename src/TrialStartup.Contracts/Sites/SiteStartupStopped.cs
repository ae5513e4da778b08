namespace TrialStartup.Contracts.Sites;

/// <summary>Event: a site's start-up ended without activation (not approved, disapproved, terminated, the lead's approval withdrawn).</summary>
/// <param name="TrialId">The trial.</param>
/// <param name="SiteProjectId">The site project.</param>
/// <param name="WorkflowInstanceId">The project's workflow instance.</param>
/// <param name="CorrelationId">The command that ended it.</param>
/// <param name="InstitutionCode">The institution.</param>
/// <param name="Result">The end's result, e.g. disapproved, lead-terminated.</param>
/// <param name="StoppedAt">When.</param>
public sealed record SiteStartupStopped(
    Guid TrialId,
    Guid SiteProjectId,
    Guid WorkflowInstanceId,
    Guid CorrelationId,
    string InstitutionCode,
    string Result,
    DateTimeOffset StoppedAt) : ISiteProjectMessage;
