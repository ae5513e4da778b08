namespace TrialStartup.Workflows.Forecasting;

/// <summary>One closed stretch of one step of one past project, in the institution's working days.</summary>
/// <param name="InstitutionId">The institution whose step it was.</param>
/// <param name="ProjectId">The site project, so a backtest can leave a project's own history out.</param>
/// <param name="Track">The project's track.</param>
/// <param name="StepId">The step.</param>
/// <param name="Kind">Decision, submitter's hold or wait.</param>
/// <param name="Outcome">The decision's outcome for <see cref="StretchKind.Decision"/>; otherwise what ended the stretch.</param>
/// <param name="ReviewType">The ethics review type the decision recorded (<c>full-board</c>, <c>expedited</c>), where the step has one.</param>
/// <param name="WorkingDays">The working days the stretch took, counted as the monitoring counts them.</param>
/// <param name="ClosedAt">When the stretch closed: a backtest as of an earlier time may not see it.</param>
public sealed record HistorySample(Guid InstitutionId, Guid ProjectId, ForecastTrack Track, string StepId, StretchKind Kind, string Outcome,
    string? ReviewType, int WorkingDays, DateTimeOffset ClosedAt);
