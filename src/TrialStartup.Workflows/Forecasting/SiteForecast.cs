namespace TrialStartup.Workflows.Forecasting;

/// <summary>
/// One site project's forecast: the activation date it reaches with 50, 80 and 95 % probability among the simulated runs
/// that activate, the chance of each end result, and where each remaining step's figures came from.
/// </summary>
/// <param name="ProjectId">The site project.</param>
/// <param name="Status">See <see cref="SiteForecastStatus"/>.</param>
/// <param name="AsOf">The instant the forecast starts from.</param>
/// <param name="Runs">Simulated runs (0 when nothing is simulated).</param>
/// <param name="Seed">The random seed, derived from the project's id, so the same state and history give the same forecast.</param>
/// <param name="P50">Activation date (the institution's local date) reached by half of the activating runs.</param>
/// <param name="P80">Reached by 80 % of them.</param>
/// <param name="P95">Reached by 95 % of them.</param>
/// <param name="Outcomes">The chance of each end result, most likely first.</param>
/// <param name="Steps">The source of every remaining step the runs walked, in definition order.</param>
/// <param name="Notes">What the forecast assumed, in words.</param>
/// <param name="ActivationByRun">Each run's activation date, or null for a run that did not activate: what a trial's k-of-n forecast combines.</param>
public sealed record SiteForecast(Guid ProjectId, string Status, DateTimeOffset AsOf, int Runs, int Seed, DateOnly? P50, DateOnly? P80, DateOnly? P95,
    IReadOnlyList<OutcomeChance> Outcomes, IReadOnlyList<StepSource> Steps, IReadOnlyList<string> Notes, IReadOnlyList<DateOnly?> ActivationByRun)
{
    /// <summary>
    /// The signals the project publishes for the trial's other sites (the lead's ethics approval, its unified contract
    /// template), with each run's instant of publishing: what a participating site's waits for them are forecast from.
    /// </summary>
    public IReadOnlyList<SignalForecast> Signals { get; init; } = [];

    /// <summary>
    /// The project's dossier is not submitted: this forecast is of its whole definition as if it were submitted at
    /// <see cref="AsOf"/> (<see cref="SiteForecaster.ForecastAsIfSubmitted"/>), what a site waiting for it has to go on.
    /// </summary>
    public bool AsIfSubmitted { get; init; }
}
