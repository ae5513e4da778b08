namespace TrialStartup.Workflows.Forecasting;

using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// A closed, activated project to backtest: its whole stream, which the backtest cuts at past points; for a participating
/// site, its lead's too (<see cref="Lead"/>), cut at the same points, so its waits for the lead are forecast as they would have been.
/// </summary>
/// <param name="ProjectId">The site project.</param>
/// <param name="InstitutionId">Its institution.</param>
/// <param name="Track">Its track.</param>
/// <param name="Events">Every event of its stream, to the activation.</param>
public sealed record BacktestProject(Guid ProjectId, Guid InstitutionId, ForecastTrack Track, IReadOnlyList<WorkflowEvent> Events)
{
    /// <summary>The trial's lead site, for a participating site whose waits follow the lead's forecast; null otherwise.</summary>
    public BacktestLead? Lead { get; init; }
}

/// <summary>A participating site's lead, as a backtest forecasts it at each past point (<see cref="SiteForecaster.ForecastAsIfSubmitted"/>).</summary>
/// <param name="Subject">The lead's project with its whole stream (none while not submitted), which the backtest cuts at each point.</param>
/// <param name="DefinitionId">The definition it starts on, for a point before it submitted.</param>
/// <param name="CalendarId">Its institution's calendar.</param>
/// <param name="Facts">The facts it starts with.</param>
public sealed record BacktestLead(ForecastSubject Subject, string DefinitionId, string CalendarId, IReadOnlyDictionary<string, string> Facts);
