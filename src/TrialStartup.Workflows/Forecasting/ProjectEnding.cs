namespace TrialStartup.Workflows.Forecasting;

/// <summary>How one past project ended, for the share of projects an intervention terminated.</summary>
/// <param name="InstitutionId">The project's institution.</param>
/// <param name="ProjectId">The site project.</param>
/// <param name="Track">The project's track.</param>
/// <param name="Result">The end result (<c>activated</c>, <c>disapproved</c>, <c>terminated</c> …).</param>
/// <param name="ByIntervention">The project was ended by an intervention (a termination), not by reaching an end step.</param>
/// <param name="EndedAt">When it ended.</param>
public sealed record ProjectEnding(Guid InstitutionId, Guid ProjectId, ForecastTrack Track, string Result, bool ByIntervention, DateTimeOffset EndedAt);
