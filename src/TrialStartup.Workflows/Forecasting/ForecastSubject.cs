namespace TrialStartup.Workflows.Forecasting;

using TrialStartup.Workflows.Runtime.Events;

/// <summary>The project a forecast is for: who it is, its track, and its stream of events as far as it has gone.</summary>
/// <param name="ProjectId">The site project; its id seeds the simulation.</param>
/// <param name="InstitutionId">The institution whose history comes first.</param>
/// <param name="Track">The track history is matched on.</param>
/// <param name="Events">The project's workflow events in stream order; empty while the dossier is not submitted.</param>
public sealed record ForecastSubject(Guid ProjectId, Guid InstitutionId, ForecastTrack Track, IReadOnlyList<WorkflowEvent> Events);
