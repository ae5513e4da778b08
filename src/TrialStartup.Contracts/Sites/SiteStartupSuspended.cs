namespace TrialStartup.Contracts.Sites;

/// <summary>Event: a site's start-up was suspended (its or the lead's ethics approval suspended) or resumed.</summary>
/// <param name="TrialId">The trial.</param>
/// <param name="SiteProjectId">The site project.</param>
/// <param name="WorkflowInstanceId">The project's workflow instance.</param>
/// <param name="CorrelationId">The command that changed it.</param>
/// <param name="InstitutionCode">The institution.</param>
/// <param name="Suspended">True when suspended, false when resumed.</param>
/// <param name="At">When.</param>
public sealed record SiteStartupSuspended(
    Guid TrialId,
    Guid SiteProjectId,
    Guid WorkflowInstanceId,
    Guid CorrelationId,
    string InstitutionCode,
    bool Suspended,
    DateTimeOffset At) : ISiteProjectMessage;
