namespace TrialStartup.MessagingBench;

using System.Diagnostics;
using System.Globalization;

/// <summary>
/// CPU seconds used by this program, the Worker processes, every PostgreSQL process and the RabbitMQ node (Erlang's
/// <c>beam.smp</c>), and the machine's busy share, read from <c>/proc</c> (Linux; elsewhere only this program's own).
/// </summary>
internal static class CpuMeter
{
    private const double TicksPerSecond = 100; // USER_HZ

    public static Reading Read(IReadOnlyCollection<int> workerPids) => new(
        Stopwatch.GetTimestamp(),
        Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds,
        workerPids.Sum(pid => ProcessSeconds(pid, includeChildren: false) ?? 0),
        SecondsOf("postgres", includeChildren: true),
        SecondsOf("beam.smp", includeChildren: false),
        MachineTicks());

    /// <summary>Cores used between two readings by each part.</summary>
    public static Usage Between(Reading before, Reading after)
    {
        var elapsed = Stopwatch.GetElapsedTime(before.Timestamp, after.Timestamp).TotalSeconds;
        double? Cores(double? a, double? b) => a is { } x && b is { } y ? (y - x) / elapsed : null;
        double? machine = before.Machine is { } m0 && after.Machine is { } m1
            ? (m1.Busy - m0.Busy) / Math.Max(1, m1.Total - m0.Total) * Environment.ProcessorCount
            : null;
        return new Usage(elapsed, (after.Self - before.Self) / elapsed, (after.Workers - before.Workers) / elapsed,
            Cores(before.Postgres, after.Postgres), Cores(before.Rabbit, after.Rabbit), machine);
    }

    private static (double Busy, double Total)? MachineTicks()
    {
        if (!File.Exists("/proc/stat"))
        {
            return null;
        }

        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Take(8).Sum();
        return (total - fields[3] - fields[4], total); // idle and iowait are the not-busy ones
    }

    private static double? ProcessSeconds(int pid, bool includeChildren)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            double Field(int number) => double.Parse(fields[number - 3], CultureInfo.InvariantCulture);
            return (Field(14) + Field(15) + (includeChildren ? Field(16) + Field(17) : 0)) / TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    // PostgreSQL backends come and go with connections; an ended backend's time moves to the postmaster's children
    // counters, so own plus children's time of every live process keeps the total steady.
    private static double? SecondsOf(string command, bool includeChildren)
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
                if (File.ReadAllText(Path.Combine(dir, "comm")).Trim() == command)
                {
                    total += ProcessSeconds(pid, includeChildren) ?? 0;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // ended between listing and reading
            }
        }

        return total;
    }

    /// <summary>
    /// Waits (up to <paramref name="limit"/>) until the machine is quiet: less than <paramref name="maxCores"/> busy over
    /// a second, apart from this program and <paramref name="workerPids"/>. Returns how long it waited.
    /// </summary>
    public static async Task<TimeSpan> WaitForQuietAsync(IReadOnlyCollection<int> workerPids, double maxCores, TimeSpan limit,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < limit)
        {
            var before = Read(workerPids);
            await Task.Delay(1000, cancellationToken);
            var usage = Between(before, Read(workerPids));
            var busy = usage.Machine is { } m ? m - usage.Self - usage.Workers : 0;
            if (busy < maxCores)
            {
                return Stopwatch.GetElapsedTime(started);
            }
        }

        Console.WriteLine($"  the machine stayed busy for {limit.TotalSeconds:0} s; measuring anyway (see 'other processes')");
        return Stopwatch.GetElapsedTime(started);
    }

    public sealed record Reading(long Timestamp, double Self, double Workers, double? Postgres, double? Rabbit, (double Busy, double Total)? Machine);

    public sealed record Usage(double Seconds, double Self, double Workers, double? Postgres, double? Rabbit, double? Machine)
    {
        public string Describe() => string.Create(CultureInfo.InvariantCulture,
            $"cores over {Seconds:0.0} s: workers {Percentiles.Cores(Workers)}, postgres {Percentiles.Cores(Postgres)}, rabbitmq {Percentiles.Cores(Rabbit)}, " +
            $"bench {Percentiles.Cores(Self)}, machine {Percentiles.Cores(Machine)} of {Environment.ProcessorCount} " +
            $"(other processes {Percentiles.Cores(Other)})");

        /// <summary>Cores used by processes that are not part of the run (builds, tests): trust a run only when near zero.</summary>
        public double? Other => Machine is { } m ? Math.Max(0, m - Self - Workers - (Postgres ?? 0) - (Rabbit ?? 0)) : null;
    }
}
