namespace TrialStartup.DeadlineBench;

using System.Globalization;

/// <summary>The command line: <c>deadlines</c>, then <c>--name value</c> pairs (see benchmarks/README.md).</summary>
internal sealed class DeadlineOptions
{
    public string PostgresAdmin { get; private init; } = "Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres";

    /// <summary>Single-site projects started through ProjectCommands (two intake deadlines each, Hangfire jobs armed).</summary>
    public int Projects { get; private init; } = 2_000;

    /// <summary>Open deadlines in all: the engine's 2 × projects plus rows seeded in bulk (one job per due instant) up to this number.</summary>
    public int Open { get; private init; } = 100_000;

    /// <summary>
    /// The engine's deadlines are made due evenly over this window, at whole seconds (all at one instant when 0): one
    /// FireDueAsync job per distinct second.
    /// </summary>
    public TimeSpan Window { get; private init; } = TimeSpan.FromSeconds(60);

    public int Workers { get; private init; } = 2;

    /// <summary>Engine deadlines fired first, not reported, so the fresh Workers' code is optimised.</summary>
    public int WarmupDeadlines { get; private init; } = 400;
    public int SetupConcurrency { get; private init; } = 8;

    /// <summary>
    /// When positive: no Workers, no jobs; the bench fires the engine's deadlines itself with DeadlineFiring.FireAllDueAsync,
    /// this many instances at a time (Timers:FiringConcurrency of the bench's own services).
    /// </summary>
    public int DirectConcurrency { get; private init; }

    /// <summary>Timers:FiringBatchSize for the Workers (and the bench's own firing in D′); null: the product's default.</summary>
    public int? FiringBatch { get; private init; }

    /// <summary>Timers:FiringConcurrency for the Workers; null: the product's default (D′ takes --direct-concurrency).</summary>
    public int? FiringConcurrency { get; private init; }

    /// <summary>Timers:FiringRuns for the Workers; null: the product's default.</summary>
    public int? FiringRuns { get; private init; }

    public TimeSpan ReadyTimeout { get; private init; } = TimeSpan.FromMinutes(15);
    public TimeSpan Timeout { get; private init; } = TimeSpan.FromMinutes(20);
    public string? WorkerDll { get; private init; }

    public static string Usage => """
        usage: TrialStartup.DeadlineBench deadlines [--projects 2000] [--open 100000] [--window-s 60] [--workers 2] [--warmup-deadlines 400]
                                                    [--setup-concurrency 8] [--ready-timeout-s 900]
                                                    [--direct-concurrency N (no Workers: fire in this process)]
                                                    [--firing-batch N] [--firing-concurrency N] [--firing-runs N] (the Workers' Timers settings; default: the product's)
                                                    [--timeout-s 1200] [--worker-dll PATH]
                                                    [--pg "Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres"]
        """;

    public static DeadlineOptions Parse(string[] args)
    {
        if (args.Length == 0 || args[0] != "deadlines")
        {
            throw new ArgumentException("the first argument is the mode: deadlines");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"expected --name value at '{args[i]}'");
            }

            values[args[i][2..]] = args[i + 1];
        }

        string? Text(string name) => values.Remove(name, out var v) ? v : null;
        int Int(string name, int fallback) => Text(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        int? Optional(string name) => Text(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : null;

        var defaults = new DeadlineOptions();
        var options = new DeadlineOptions
        {
            PostgresAdmin = Text("pg") ?? defaults.PostgresAdmin,
            Projects = Int("projects", defaults.Projects),
            Open = Int("open", defaults.Open),
            Window = TimeSpan.FromSeconds(Int("window-s", (int)defaults.Window.TotalSeconds)),
            Workers = Int("workers", defaults.Workers),
            WarmupDeadlines = Int("warmup-deadlines", defaults.WarmupDeadlines),
            SetupConcurrency = Int("setup-concurrency", defaults.SetupConcurrency),
            DirectConcurrency = Int("direct-concurrency", 0),
            ReadyTimeout = TimeSpan.FromSeconds(Int("ready-timeout-s", (int)defaults.ReadyTimeout.TotalSeconds)),
            Timeout = TimeSpan.FromSeconds(Int("timeout-s", (int)defaults.Timeout.TotalSeconds)),
            WorkerDll = Text("worker-dll"),
            FiringBatch = Optional("firing-batch"),
            FiringConcurrency = Optional("firing-concurrency"),
            FiringRuns = Optional("firing-runs"),
        };
        if (values.Count > 0)
        {
            throw new ArgumentException($"unknown option(s): {string.Join(", ", values.Keys.Select(k => "--" + k))}");
        }

        if (options.Projects < 1 || options.Workers < 1 || options.SetupConcurrency < 1
            || options.Window < TimeSpan.Zero)
        {
            throw new ArgumentException("sizes must be positive");
        }

        if (options.FiringBatch < 1 || options.FiringConcurrency < 1 || options.FiringRuns < 1)
        {
            throw new ArgumentException("--firing-batch, --firing-concurrency and --firing-runs must be positive");
        }

        if (options.DirectConcurrency > 0 && (options.FiringConcurrency is not null || options.FiringRuns is not null))
        {
            throw new ArgumentException("with --direct-concurrency (one FireAllDueAsync run in this process) use neither --firing-concurrency nor --firing-runs");
        }

        return options;
    }
}
