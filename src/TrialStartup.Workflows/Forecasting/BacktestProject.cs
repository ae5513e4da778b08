namespace TrialStartup.Workflows.Forecasting;

using TrialStartup.Workflows.Runtime.Events;

/// <summary>A closed, activated project to backtest: its whole stream, which the backtest cuts at past points.</summary>
/// <param name="ProjectId">The site project.</param>
/// <param name="InstitutionId">Its institution.</param>
/// <param name="Track">Its track.</param>
/// <param name="Events">Every event of its stream, to the activation.</param>
public sealed record BacktestProject(Guid ProjectId, Guid InstitutionId, ForecastTrack Track, IReadOnlyList<WorkflowEvent> Events);
