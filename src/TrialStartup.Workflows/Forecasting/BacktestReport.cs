namespace TrialStartup.Workflows.Forecasting;

/// <summary>A backtest's result: a summary per past point and every case behind it.</summary>
/// <param name="Basis">How the backtest was made, in words.</param>
/// <param name="Points">One summary per past point.</param>
/// <param name="Cases">Every project at every point.</param>
public sealed record BacktestReport(string Basis, IReadOnlyList<BacktestSummary> Points, IReadOnlyList<BacktestCase> Cases);
