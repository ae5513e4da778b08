namespace TrialStartup.Workflows.Forecasting;

/// <summary>
/// A trial's "k of my n sites" forecast from its sites' forecasts: run i of every site is one joint run (the sites'
/// draws are independent, each seeded by its own project), and the k-th activation of a joint run is the k-th
/// earliest activation among its sites. A run in which fewer than k sites activate never reaches k, which counts as
/// later than any date: so a p80 exists only when at least 80 % of joint runs reach k.
/// </summary>
public static class TrialActivations
{
    /// <summary>For k = 1..n, when k of <paramref name="sites"/> are active.</summary>
    public static IReadOnlyList<KthActivation> Combine(IReadOnlyList<SiteForecast> sites)
    {
        ArgumentNullException.ThrowIfNull(sites);
        if (sites.Count == 0)
        {
            return [];
        }

        var runs = sites.Max(s => s.ActivationByRun.Count);
        var kth = new DateOnly?[sites.Count][];
        for (var k = 0; k < sites.Count; k++)
        {
            kth[k] = new DateOnly?[runs];
        }

        var dates = new List<DateOnly>(sites.Count);
        for (var run = 0; run < runs; run++)
        {
            dates.Clear();
            foreach (var site in sites)
            {
                // A settled site (activated or ended) repeats its one answer; every simulated site has as many runs as any other.
                if (site.ActivationByRun[Math.Min(run, site.ActivationByRun.Count - 1)] is { } date)
                {
                    dates.Add(date);
                }
            }

            dates.Sort();
            for (var k = 0; k < dates.Count; k++)
            {
                kth[k][run] = dates[k];
            }
        }

        return [.. Enumerable.Range(0, sites.Count).Select(k =>
        {
            var reached = kth[k].OfType<DateOnly>().Order().ToArray();
            return new KthActivation(k + 1, Math.Round((double)reached.Length / runs, 4), Quantile(reached, runs, 0.5), Quantile(reached, runs, 0.8));
        })];
    }

    // Nearest rank over all runs, the runs that never reach k sorted after every date.
    private static DateOnly? Quantile(DateOnly[] reached, int runs, double fraction)
    {
        var rank = Math.Clamp((int)Math.Ceiling(fraction * runs) - 1, 0, runs - 1);
        return rank < reached.Length ? reached[rank] : null;
    }
}
