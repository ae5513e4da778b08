namespace TrialStartup.MessagingBench;

using System.Globalization;

/// <summary>The command line: <c>raw</c> or <c>green</c>, then <c>--name value</c> pairs (see benchmarks/README.md).</summary>
internal sealed class BenchOptions
{
    public string Mode { get; private init; } = "";

    // Servers.
    public string PostgresAdmin { get; private init; } = "Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres";
    public string RabbitHost { get; private init; } = "127.0.0.1";
    public int RabbitPort { get; private init; } = 5672;
    public string RabbitNode { get; private init; } = "rabbit@localhost";
    public string RabbitUser { get; private init; } = "guest";
    public string RabbitPassword { get; private init; } = "guest";

    // raw
    public int Messages { get; private init; } = 20_000;
    public int MessageBytes { get; private init; } = 600;
    public int InFlight { get; private init; } = 100;
    public ushort Prefetch { get; private init; } = 50;

    // green
    public int Trials { get; private init; } = 20;
    public int Participants { get; private init; } = 50;
    public int Workers { get; private init; } = 2;
    /// <summary>
    /// Trials decided (and waited for) before the measured ones, so the Workers' code is compiled and optimised
    /// (tiered compilation, dynamic PGO): by default enough for 500 deliveries.
    /// </summary>
    public int WarmupTrials { get; private init; }
    public int SetupConcurrency { get; private init; } = 8;
    public TimeSpan? OutboxPollInterval { get; private init; }
    public int? ConcurrentMessageLimit { get; private init; }
    public TimeSpan Timeout { get; private init; } = TimeSpan.FromMinutes(10);
    public string? WorkerDll { get; private init; }
    public string? Label { get; private init; }

    public static string Usage => """
        usage: TrialStartup.MessagingBench raw   [--messages 20000] [--bytes 600] [--in-flight 100] [--prefetch 50]
               TrialStartup.MessagingBench green [--trials 20] [--participants 50] [--workers 2] [--warmup-trials 500/participants]
                                                 [--poll-interval-ms 1000] [--concurrent-message-limit 8]
                                                 [--setup-concurrency 8] [--timeout-s 600] [--worker-dll PATH] [--label TEXT]
        common: [--pg "Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres"] [--rabbit-host 127.0.0.1]
                [--rabbit-port 5672] [--rabbit-node rabbit@localhost] [--rabbit-user guest] [--rabbit-password guest]
        """;

    public static BenchOptions Parse(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("raw" or "green"))
        {
            throw new ArgumentException("the first argument is the mode: raw or green");
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
        int? OptionalInt(string name) => Text(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : null;

        var defaults = new BenchOptions();
        var poll = OptionalInt("poll-interval-ms");
        var participants = Int("participants", defaults.Participants);
        var options = new BenchOptions
        {
            Mode = args[0],
            PostgresAdmin = Text("pg") ?? defaults.PostgresAdmin,
            RabbitHost = Text("rabbit-host") ?? defaults.RabbitHost,
            RabbitPort = Int("rabbit-port", defaults.RabbitPort),
            RabbitNode = Text("rabbit-node") ?? defaults.RabbitNode,
            RabbitUser = Text("rabbit-user") ?? defaults.RabbitUser,
            RabbitPassword = Text("rabbit-password") ?? defaults.RabbitPassword,
            Messages = Int("messages", defaults.Messages),
            MessageBytes = Int("bytes", defaults.MessageBytes),
            InFlight = Int("in-flight", defaults.InFlight),
            Prefetch = (ushort)Int("prefetch", defaults.Prefetch),
            Trials = Int("trials", defaults.Trials),
            Participants = participants,
            Workers = Int("workers", defaults.Workers),
            WarmupTrials = OptionalInt("warmup-trials") ?? (int)Math.Ceiling(500.0 / Math.Max(1, participants)),
            SetupConcurrency = Int("setup-concurrency", defaults.SetupConcurrency),
            OutboxPollInterval = poll is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
            ConcurrentMessageLimit = OptionalInt("concurrent-message-limit"),
            Timeout = TimeSpan.FromSeconds(Int("timeout-s", (int)defaults.Timeout.TotalSeconds)),
            WorkerDll = Text("worker-dll"),
            Label = Text("label"),
        };
        if (values.Count > 0)
        {
            throw new ArgumentException($"unknown option(s): {string.Join(", ", values.Keys.Select(k => "--" + k))}");
        }

        if (options.MessageBytes < 16 || options.Messages < 1 || options.InFlight < 1 || options.Trials < 1 || options.Participants < 1
            || options.Workers < 1 || options.WarmupTrials < 0)
        {
            throw new ArgumentException("sizes must be positive (--bytes at least 16)");
        }

        return options;
    }
}
