namespace TrialStartup.Api.Monitoring;

/// <summary>
/// Percentiles by linear interpolation between closest ranks (Excel's PERCENTILE.INC, NumPy's default): the median of
/// an even count is the mean of the two middle values, and a p90 of few values lies between the two largest, so a
/// small group is not summarised by its single worst project.
/// </summary>
internal static class Percentiles
{
    /// <summary>The <paramref name="fraction"/> percentile (0.5 for the median) of <paramref name="values"/>; <c>null</c> when empty.</summary>
    public static double? Of(IEnumerable<double> values, double fraction)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        var rank = (sorted.Length - 1) * fraction;
        var lower = (int)Math.Floor(rank);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((rank - lower) * (sorted[upper] - sorted[lower]));
    }
}
