namespace TrialStartup.LoadTest;

using System.Diagnostics;
using System.Globalization;

/// <summary>
/// CPU time used during the measured window, to tell what limited the throughput: the machine as a whole, this load
/// program, the host processes (one per replica) and every PostgreSQL process. Reads <c>/proc</c>, so only on Linux; elsewhere only this
/// program's own time is known.
/// </summary>
internal sealed class CpuSampler(IReadOnlyList<int> hostPids)
{
    // USER_HZ: the unit of /proc's times; 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    /// <summary>One reading of the counters.</summary>
    public Reading Read()
    {
        var machine = File.Exists("/proc/stat") ? MachineTicks() : ((double Busy, double Total)?)null;
        return new Reading(Stopwatch.GetTimestamp(), Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, machine,
            HostSeconds(), PostgresSeconds());
    }

    /// <summary>
    /// Cores used between two readings, one line per thing measured. CPU time per project and per request is given
    /// too: unlike throughput, it hardly changes when other processes compete for the cores.
    /// </summary>
    public static IEnumerable<string> Describe(Reading before, Reading after, int projects, int requests)
    {
        var elapsed = Stopwatch.GetElapsedTime(before.Timestamp, after.Timestamp).TotalSeconds;
        static string Format(double cores) => cores.ToString("0.00", CultureInfo.InvariantCulture);
        var self = (after.Self - before.Self) / elapsed;
        var host = before.Host is { } h0 && after.Host is { } h1 ? (h1 - h0) / elapsed : (double?)null;
        var postgres = before.Postgres is { } p0 && after.Postgres is { } p1 ? (p1 - p0) / elapsed : (double?)null;
        string PerUnit(double cores) => string.Create(CultureInfo.InvariantCulture,
            $" = {cores * elapsed * 1000 / Math.Max(1, projects):0} ms per project, {cores * elapsed * 1000 / Math.Max(1, requests):0.0} ms per request");
        yield return $"load program {Format(self)} cores" + PerUnit(self);
        if (host is { } h)
        {
            yield return $"host         {Format(h)} cores" + PerUnit(h);
        }

        if (postgres is > 0)
        {
            yield return $"postgres     {Format(postgres.Value)} cores" + PerUnit(postgres.Value) + " (every postgres process on the machine)";
        }

        if (before.Machine is { } m0 && after.Machine is { } m1)
        {
            var busy = (m1.Busy - m0.Busy) / Math.Max(1, m1.Total - m0.Total) * Environment.ProcessorCount;
            yield return $"machine      {Format(busy)} of {Environment.ProcessorCount} cores busy";
            // Anything else running (builds, tests) competes for the same cores and makes the figures worth less.
            yield return $"other        {Format(Math.Max(0, busy - self - (host ?? 0) - (postgres ?? 0)))} cores used by other processes" +
                (host is null ? " (and the host: pass --host-pid)" : "");
        }
    }

    // The replicas' time together; unknown when there are none or one cannot be read.
    private double? HostSeconds()
    {
        var seconds = hostPids.Select(pid => ProcessSeconds(pid, includeChildren: false)).ToList();
        return seconds.Count > 0 && seconds.All(s => s is not null) ? seconds.Sum() : null;
    }

    private static (double Busy, double Total) MachineTicks()
    {
        // First line: cpu user nice system idle iowait irq softirq steal ...; idle and iowait are the not-busy ones.
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Take(8).Sum();
        return (total - fields[3] - fields[4], total);
    }

    private static double? ProcessSeconds(int pid, bool includeChildren)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name may hold spaces; the fields after its closing parenthesis start at field 3 (state).
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            double Field(int number) => double.Parse(fields[number - 3], CultureInfo.InvariantCulture);
            var ticks = Field(14) + Field(15) + (includeChildren ? Field(16) + Field(17) : 0);
            return ticks / TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    // Backends come and go with connections; an ended backend's time moves to the postmaster's children counters,
    // so summing own and children's time of every live postgres process keeps the total steady.
    private static double? PostgresSeconds()
    {
        if (!Directory.Exists("/proc"))
        {
            return null;
        }

        double total = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(dir, "comm")).Trim() == "postgres")
                {
                    total += ProcessSeconds(pid, includeChildren: true) ?? 0;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended between listing and reading.
            }
        }

        return total;
    }

    /// <summary>Counters at one moment, in seconds of CPU (machine: ticks).</summary>
    public sealed record Reading(long Timestamp, double Self, (double Busy, double Total)? Machine, double? Host, double? Postgres);
}
