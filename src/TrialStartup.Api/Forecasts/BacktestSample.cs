namespace TrialStartup.Api.Forecasts;

/// <summary>
/// Which activated projects a backtest forecasts again when there are too many to do all of them while the reader waits:
/// every k-th in order of activation, so the sample spreads evenly over the period. The API's backtest and the white
/// paper's both take it.
/// </summary>
public static class BacktestSample
{
    /// <summary>Every k-th of <paramref name="projects"/> (in their order), k the smallest step that keeps at most <paramref name="max"/>; and k.</summary>
    public static (IReadOnlyList<T> Sample, int Every) EveryKth<T>(IReadOnlyList<T> projects, int max)
    {
        ArgumentNullException.ThrowIfNull(projects);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var every = Math.Max(1, (projects.Count + max - 1) / max);
        return ([.. projects.Where((_, i) => i % every == 0)], every);
    }
}
