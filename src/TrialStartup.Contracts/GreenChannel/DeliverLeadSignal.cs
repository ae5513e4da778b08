namespace TrialStartup.Contracts.GreenChannel;

/// <summary>
/// Command: deliver a lead site's signal to one participating site's workflow. One per participating site, so the
/// sites of a large trial are advanced in parallel by competing consumers and each retries on its own.
/// </summary>
/// <param name="TrialId">The trial.</param>
/// <param name="SiteProjectId">The participating site's project.</param>
/// <param name="WorkflowInstanceId">The participating site's workflow instance.</param>
/// <param name="CorrelationId">The lead's correlation id.</param>
/// <param name="LeadSiteProjectId">The lead site's project.</param>
/// <param name="Signal">The signal's name.</param>
/// <param name="Reference">The publication's reference (see <see cref="LeadSiteSignalled.Reference"/>).</param>
/// <param name="PublishedAt">When the lead published it.</param>
public sealed record DeliverLeadSignal(
    Guid TrialId,
    Guid SiteProjectId,
    Guid WorkflowInstanceId,
    Guid CorrelationId,
    Guid LeadSiteProjectId,
    string Signal,
    string Reference,
    DateTimeOffset PublishedAt) : ISiteProjectMessage;
