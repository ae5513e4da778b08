namespace TrialStartup.Workflows.Forecasting;

/// <summary>How well the forecasts made at one kind of past point held.</summary>
/// <param name="Point"><c>submission</c> or <c>halfway</c>.</param>
/// <param name="Projects">Projects backtested at this point.</param>
/// <param name="Forecast">Of those, how many got dates (some run activated).</param>
/// <param name="P80Coverage">The share activated on or before their p80 date: about 0.80 when calibrated; null without forecasts.</param>
/// <param name="P50Coverage">The share activated on or before their p50 date: about 0.50 when calibrated.</param>
/// <param name="MedianAbsoluteErrorDays">The median of |actual − p50| in calendar days.</param>
public sealed record BacktestSummary(string Point, int Projects, int Forecast, double? P80Coverage, double? P50Coverage, double? MedianAbsoluteErrorDays);
