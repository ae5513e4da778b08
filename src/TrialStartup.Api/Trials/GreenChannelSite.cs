namespace TrialStartup.Api.Trials;

/// <summary>One site of <see cref="GreenChannelView"/>.</summary>
/// <param name="SiteProjectId">The site project.</param>
/// <param name="InstitutionId">The institution.</param>
/// <param name="SiteRole">lead or participating (single for a single-site trial).</param>
/// <param name="Status">not-submitted, running, suspended or ended.</param>
/// <param name="Result">How it ended: activated, lead-terminated, …</param>
/// <param name="WaitingForLead">Blocked now until the lead publishes (its ethics approval or the contract template).</param>
/// <param name="EthicsPath">own-review (lead), recognition or full-review (participants); null until known.</param>
/// <param name="LeadApprovalReceivedAt">When the lead's ethics approval reached this site.</param>
/// <param name="UnifiedTemplateReceivedAt">When the trial's unified contract template reached this site.</param>
/// <param name="WaitedForLeadDays">Days this site was blocked by the lead (finished waits; parallel waits counted once).</param>
/// <param name="ContractDays">Days of the contract review or confirmation, once finished.</param>
/// <param name="ContractDaysSaved">The lead's negotiation days minus this site's confirmation days.</param>
public sealed record GreenChannelSite(Guid SiteProjectId, Guid InstitutionId, string SiteRole, string Status, string? Result, bool WaitingForLead,
    string? EthicsPath, DateTimeOffset? LeadApprovalReceivedAt, DateTimeOffset? UnifiedTemplateReceivedAt, double WaitedForLeadDays,
    double? ContractDays, double? ContractDaysSaved);
