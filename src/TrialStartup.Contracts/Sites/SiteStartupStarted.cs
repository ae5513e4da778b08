namespace TrialStartup.Contracts.Sites;

/// <summary>Event: a site office submitted the dossier and the site's start-up workflow started.</summary>
/// <param name="TrialId">The trial.</param>
/// <param name="SiteProjectId">The site project.</param>
/// <param name="WorkflowInstanceId">The project's workflow instance.</param>
/// <param name="CorrelationId">The submission's command.</param>
/// <param name="InstitutionCode">The institution.</param>
/// <param name="SiteRole">single, lead or participating.</param>
/// <param name="DefinitionId">The workflow definition it runs.</param>
/// <param name="DefinitionVersion">The definition's version.</param>
/// <param name="StartedAt">When.</param>
public sealed record SiteStartupStarted(
    Guid TrialId,
    Guid SiteProjectId,
    Guid WorkflowInstanceId,
    Guid CorrelationId,
    string InstitutionCode,
    string SiteRole,
    string DefinitionId,
    int DefinitionVersion,
    DateTimeOffset StartedAt) : ISiteProjectMessage;
