namespace TrialStartup.Api.Trials;

using TrialStartup.Data.Trials;

/// <summary>
/// A trial with its chosen sites and their start-up status side by side. An institution sees only its own site, and
/// <paramref name="OwnSiteProjectId"/>, the site project it registered (null until it registers).
/// </summary>
public sealed record TrialView(Guid Id, string ProtocolNumber, string Title, string Phase, string ProductType, bool Innovative,
    bool MultiCenter, Guid? LeadInstitutionId, IReadOnlyList<Guid> SiteInstitutionIds, IReadOnlyList<SiteStatusView> Sites,
    Guid? OwnSiteProjectId = null)
{
    /// <summary>Maps a trial, the institutions chosen to run it and their sites' status rows.</summary>
    public static TrialView From(Trial trial, IEnumerable<Guid> siteInstitutionIds, IEnumerable<SiteStatusView> sites)
    {
        ArgumentNullException.ThrowIfNull(trial);
        return new(trial.Id, trial.ProtocolNumber, trial.Title, trial.Phase, trial.ProductType, trial.Innovative, trial.MultiCenter,
            trial.LeadInstitutionId, [.. siteInstitutionIds], [.. sites]);
    }
}
