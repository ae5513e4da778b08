namespace TrialStartup.Contracts.Sites;

/// <summary>Event: a site finished start-up and may enrol patients (可入组).</summary>
/// <param name="TrialId">The trial.</param>
/// <param name="SiteProjectId">The site project.</param>
/// <param name="WorkflowInstanceId">The project's workflow instance.</param>
/// <param name="CorrelationId">The command that finished it.</param>
/// <param name="InstitutionCode">The institution.</param>
/// <param name="SubmittedAt">When the dossier was submitted.</param>
/// <param name="ActivatedAt">When the site was activated.</param>
public sealed record SiteActivated(
    Guid TrialId,
    Guid SiteProjectId,
    Guid WorkflowInstanceId,
    Guid CorrelationId,
    string InstitutionCode,
    DateTimeOffset? SubmittedAt,
    DateTimeOffset ActivatedAt) : ISiteProjectMessage;
