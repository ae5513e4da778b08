namespace TrialStartup.Api.Forecasts;

using TrialStartup.Workflows.Forecasting;

/// <summary>A site project's activation forecast, as the API answers it.</summary>
/// <param name="SiteProjectId">The site project.</param>
/// <param name="InstitutionId">Its institution.</param>
/// <param name="Status"><c>open</c> (simulated), <c>activated</c> (the dates are the activation's), <c>ended</c> or <c>not-submitted</c> (no dates).</param>
/// <param name="AsOf">When the forecast was computed; it is computed from the project's state at each request.</param>
/// <param name="Runs">Simulated runs.</param>
/// <param name="Seed">The random seed, derived from the project's id: the same state and history give the same forecast.</param>
/// <param name="P50">The activation date (the institution's local date) reached in 50 % of the runs that activate.</param>
/// <param name="P80">Reached in 80 % of them.</param>
/// <param name="P95">Reached in 95 % of them.</param>
/// <param name="Outcomes">
/// The chance of each end result (activated, disapproved, not-approved, terminated, lead-disapproved, lead-ended …), most likely first.
/// </param>
/// <param name="Steps">
/// Where each remaining step's durations and outcomes were drawn from: <c>institution</c>, <c>all-institutions</c>, <c>target</c>,
/// <c>none</c>, or for a participating site's wait for its lead <c>lead-site</c> (the lead's own forecast) or
/// <c>lead-site-not-submitted</c> (the lead's forecast as if it submitted now).
/// </param>
/// <param name="Notes">What the forecast assumed, in words.</param>
public sealed record SiteForecastView(Guid SiteProjectId, Guid InstitutionId, string Status, DateTimeOffset AsOf, int Runs, int Seed, DateOnly? P50,
    DateOnly? P80, DateOnly? P95, IReadOnlyList<OutcomeChance> Outcomes, IReadOnlyList<StepSource> Steps, IReadOnlyList<string> Notes)
{
    /// <summary>The view of <paramref name="forecast"/> for a project of <paramref name="institutionId"/>.</summary>
    public static SiteForecastView From(SiteForecast forecast, Guid institutionId)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        return new(forecast.ProjectId, institutionId, forecast.Status, forecast.AsOf, forecast.Runs, forecast.Seed, forecast.P50, forecast.P80,
            forecast.P95, forecast.Outcomes, forecast.Steps, forecast.Notes);
    }
}
