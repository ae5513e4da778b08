namespace TrialStartup.Api.Forecasts;

using TrialStartup.Workflows.Forecasting;

/// <summary>The forecast's calibration on an institution's activated projects.</summary>
/// <param name="InstitutionId">The caller's institution: the only one this report can show.</param>
/// <param name="From">Only projects activated on or after this date (the institution's calendar), when given.</param>
/// <param name="To">Only projects activated on or before this date, when given.</param>
/// <param name="Runs">Simulated runs per forecast.</param>
/// <param name="Activated">Projects activated in the period with a recorded path to forecast again.</param>
/// <param name="Every">
/// 1 when every one of them was forecast again; k when every k-th was, in order of activation: a backtest makes at most
/// 100,000 runs per point (200 projects at the default 500 runs, 10 at 10,000), so a long period or many runs takes a sample.
/// </param>
/// <param name="Basis">How the backtest is made, in words.</param>
/// <param name="Points">Per past point (<c>submission</c>, <c>halfway</c>): how often the p80 held, and the p50's median absolute error.</param>
/// <param name="Cases">Every project backtested, at every point.</param>
public sealed record BacktestView(Guid InstitutionId, DateOnly? From, DateOnly? To, int Runs, int Activated, int Every, string Basis,
    IReadOnlyList<BacktestSummary> Points, IReadOnlyList<BacktestCase> Cases);
