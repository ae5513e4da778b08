namespace TrialStartup.Contracts.GreenChannel;

/// <summary>
/// Event: a multi-center trial's lead site published a signal its participating sites act on: lead-ethics-approval,
/// unified-contract-template, lead-ethics-disapproval, lead-ethics-suspension, lead-ethics-resumption,
/// lead-ethics-termination (the names come from the workflow definitions). The ids are the lead's project.
/// </summary>
/// <param name="TrialId">The trial.</param>
/// <param name="SiteProjectId">The lead site's project.</param>
/// <param name="WorkflowInstanceId">The lead site's workflow instance.</param>
/// <param name="CorrelationId">The command at the lead that published it.</param>
/// <param name="Signal">The signal's name.</param>
/// <param name="Reference">Unique per publication: the lead's instance and stream version, "{instance}@{version}".</param>
/// <param name="PublishedAt">When the lead published it.</param>
public sealed record LeadSiteSignalled(
    Guid TrialId,
    Guid SiteProjectId,
    Guid WorkflowInstanceId,
    Guid CorrelationId,
    string Signal,
    string Reference,
    DateTimeOffset PublishedAt) : ISiteProjectMessage;
