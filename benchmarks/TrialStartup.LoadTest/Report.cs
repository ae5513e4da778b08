namespace TrialStartup.LoadTest;

using System.Globalization;

/// <summary>The compact table printed at the end: per request kind and overall, throughput, latency and errors.</summary>
internal static class Report
{
    /// <summary>Writes the table for a measured window of <paramref name="seconds"/>.</summary>
    public static void Write(TextWriter output, RequestLog log, double seconds)
    {
        output.WriteLine($"{"request",-30} {"count",7} {"req/s",8} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8} {"errors",6}");
        output.WriteLine(new string('-', 30 + 7 * 8 + 6 + 7 - 7));
        foreach (var kind in StartupPath.Kinds.Where(log.Kinds.Contains).Concat(log.Kinds.Except(StartupPath.Kinds)))
        {
            Row(output, kind, log.Snapshot(kind), seconds);
        }

        output.WriteLine(new string('-', 30 + 7 * 8 + 6 + 7 - 7));
        // The six decisions together: the requests that run the engine and sign (a password hash each with --signers people).
        var decisions = StartupPath.DecisionKinds.Where(log.Kinds.Contains).Select(log.Snapshot).ToList();
        Row(output, "all decisions", ([.. decisions.SelectMany(d => d.Durations)], decisions.Sum(d => d.Errors)), seconds);
        Row(output, "all requests", log.Snapshot(null), seconds);
    }

    private static void Row(TextWriter output, string name, (double[] Durations, int Errors) series, double seconds)
    {
        var sorted = series.Durations;
        Array.Sort(sorted);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-30} {sorted.Length,7} {sorted.Length / seconds,8:0.0} {Percentile(sorted, 0.50),8:0.0} {Percentile(sorted, 0.95),8:0.0} {Percentile(sorted, 0.99),8:0.0} {(sorted.Length == 0 ? 0 : sorted[^1]),8:0.0} {series.Errors,6}"));
    }

    // Nearest rank: the smallest recorded duration that at least p of the requests did not exceed.
    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
