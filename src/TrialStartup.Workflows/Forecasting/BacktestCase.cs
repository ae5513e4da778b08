namespace TrialStartup.Workflows.Forecasting;

/// <summary>One project forecast as of one past point, against what happened.</summary>
/// <param name="ProjectId">The site project.</param>
/// <param name="Point"><c>submission</c> or <c>halfway</c> (halfway in time from submission to activation).</param>
/// <param name="AsOf">The instant the forecast was made as of.</param>
/// <param name="Actual">The real activation date.</param>
/// <param name="P50">The forecast's p50 date; null when no run activated.</param>
/// <param name="P80">The forecast's p80 date.</param>
/// <param name="HeldByP80">Whether the project activated on or before its p80 date.</param>
/// <param name="P50ErrorDays">|actual − p50| in calendar days.</param>
public sealed record BacktestCase(Guid ProjectId, string Point, DateTimeOffset AsOf, DateOnly Actual, DateOnly? P50, DateOnly? P80, bool? HeldByP80,
    int? P50ErrorDays);
