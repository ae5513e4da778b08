namespace TrialStartup.Api.Forecasts;

using TrialStartup.Workflows.Forecasting;

/// <summary>When k of a trial's n sites will be active, for k = 1..n, with each site's own forecast.</summary>
/// <param name="TrialId">The trial.</param>
/// <param name="AsOf">When the forecast was computed.</param>
/// <param name="Basis">How the sites' forecasts are combined, in words.</param>
/// <param name="Activations">For k = 1..n: the chance that k sites activate, and the p50 and p80 dates of the k-th activation.</param>
/// <param name="Sites">Each site project's forecast.</param>
public sealed record TrialForecastView(Guid TrialId, DateTimeOffset AsOf, string Basis, IReadOnlyList<KthActivation> Activations,
    IReadOnlyList<SiteForecastView> Sites)
{
    /// <summary>What <see cref="Basis"/> says.</summary>
    public const string BasisText =
        "n = the trial's registered site projects visible to you. Run i of every site's forecast is one joint run (sites drawn independently, "
        + "each seeded by its own id); the k-th activation of a joint run is its k-th earliest activation date. Activated sites count with "
        + "their real date in every run; ended and not yet submitted sites never activate. A date is null when fewer than 50 % (p50) or "
        + "80 % (p80) of joint runs reach k sites.";
}
