namespace TrialStartup.MessagingBench;

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Data;
using TrialStartup.Messaging.Hosting;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// The green channel end to end on real servers: T lead ethics approvals committed at once (as the decisions API
/// commits them), then the outbox dispatcher of K Worker processes publishes LeadSiteSignalled, a Worker fans it out
/// as one DeliverLeadSignal per participant, and Workers run each participant's ReceiveSignal. Measured from the
/// commits until every participant's stream holds its signal-received event.
/// </summary>
internal static class GreenChannelBench
{
    private static readonly TimeSpan StatisticsSettle = TimeSpan.FromSeconds(11);

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var root = RepositoryRoot.Find();
        var workerDll = options.WorkerDll ?? Path.Combine(root, "src", "TrialStartup.Worker", "bin", "Release", "net10.0", "TrialStartup.Worker.dll");
        if (!File.Exists(workerDll))
        {
            Console.Error.WriteLine($"{workerDll} not found: dotnet build -c Release src/TrialStartup.Worker");
            return 2;
        }

        var dataFolder = Path.Combine(Path.GetTempPath(), "ts-msgbench-" + Guid.NewGuid().ToString("N")[..8]);
        var workers = new List<WorkerProcess>();
        await using var database = await PostgresDatabase.CreateAsync(options.PostgresAdmin, "ts_msgbench");
        RabbitVirtualHost? vhost = null;
        try
        {
            var core = new TrialStartupOptions
            {
                DataFolder = dataFolder,
                WorkflowsFolder = Path.Combine(root, "workflows"),
                Database = { Provider = "postgres", ConnectionString = database.ConnectionString },
            };
            var services = new ServiceCollection();
            services.AddTrialStartupCore(core, dataFolder);
            await using var provider = services.BuildServiceProvider();

            var total = options.WarmupTrials + options.Trials;
            Console.WriteLine($"setup: database {database.Name}, {total} trials ({options.WarmupTrials} warm-up) × (1 lead + {options.Participants} participants)");
            var setupStarted = DateTimeOffset.UtcNow;
            var trials = await GreenSetup.SeedAsync(provider, total, options.Participants, cancellationToken);
            await GreenSetup.StartAndCompleteIntakesAsync(provider, trials, options.SetupConcurrency, cancellationToken);

            // The set-up's own messages (starts, intakes) are not part of the measurement: count them as sent.
            await using (var scope = provider.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
                var marked = await db.Outbox.Where(m => m.SentAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.SentAt, (DateTimeOffset?)DateTimeOffset.UtcNow), cancellationToken);
                Console.WriteLine($"setup: done in {(DateTimeOffset.UtcNow - setupStarted).TotalSeconds:0} s; {marked} set-up outbox rows marked sent");
            }

            vhost = await RabbitVirtualHost.CreateAsync(options.RabbitNode, "ts-bench-green", options.RabbitUser);
            var environment = new Dictionary<string, string>
            {
                ["TrialStartup__Database__Provider"] = "postgres",
                ["TrialStartup__Database__ConnectionString"] = database.ConnectionString,
                ["TrialStartup__DataFolder"] = dataFolder,
                ["TrialStartup__Messaging__Transport"] = "rabbitmq",
                ["TrialStartup__Messaging__RabbitMq__Host"] = options.RabbitHost,
                ["TrialStartup__Messaging__RabbitMq__Port"] = options.RabbitPort.ToString(CultureInfo.InvariantCulture),
                ["TrialStartup__Messaging__RabbitMq__VirtualHost"] = vhost.Name,
                ["TrialStartup__Messaging__RabbitMq__Username"] = options.RabbitUser,
                ["TrialStartup__Messaging__RabbitMq__Password"] = options.RabbitPassword,
            };
            if (options.OutboxPollInterval is { } poll)
            {
                environment["TrialStartup__Messaging__OutboxPollInterval"] = poll.ToString("c", CultureInfo.InvariantCulture);
            }

            if (options.ConcurrentMessageLimit is { } limit)
            {
                environment["TrialStartup__Messaging__ConcurrentMessageLimit"] = limit.ToString(CultureInfo.InvariantCulture);
            }

            for (var i = 1; i <= options.Workers; i++)
            {
                workers.Add(WorkerProcess.Start(workerDll, $"worker-{i}", environment));
            }

            foreach (var worker in workers)
            {
                await worker.WaitReadyAsync(TimeSpan.FromSeconds(90), cancellationToken);
            }

            await WaitForConsumersAsync(vhost, options.Workers, cancellationToken);
            var settings = $"{options.Workers} worker(s), vhost {vhost.Name}, outbox poll {options.OutboxPollInterval?.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) ?? "1000 (default)"} ms, " +
                $"ConcurrentMessageLimit {options.ConcurrentMessageLimit?.ToString(CultureInfo.InvariantCulture) ?? "8 (default)"}";
            Console.WriteLine($"workers ready: {settings}; pids {string.Join(", ", workers.Select(w => w.Id))}");

            if (options.WarmupTrials > 0)
            {
                var warmup = await RunRoundAsync(provider, database, trials.Take(options.WarmupTrials).ToList(), workers, options, "warm-up",
                    cancellationToken);
                Console.WriteLine($"warm-up: {warmup.Deliveries} deliveries in {warmup.WindowSeconds:0.00} s");
            }

            var result = await RunRoundAsync(provider, database, trials.Skip(options.WarmupTrials).ToList(), workers, options, "measured",
                cancellationToken);
            var leftovers = (await vhost.QueuesAsync()).Where(q => q.Messages > 0).ToList();
            Print(options, settings, result, leftovers);
            return leftovers.Any(q => q.Name.EndsWith("_error", StringComparison.Ordinal)) || result.Duplicates > 0 ? 1 : 0;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException && workers.Count > 0)
        {
            foreach (var worker in workers)
            {
                Console.Error.WriteLine($"--- {worker.Name} (exited: {worker.HasExited}) ---\n{worker.Tail()}");
            }

            throw;
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }

            if (vhost is not null)
            {
                await vhost.DisposeAsync();
            }

            if (Directory.Exists(dataFolder))
            {
                Directory.Delete(dataFolder, recursive: true);
            }
        }
    }

    // MassTransit binds the queues as each bus starts; every worker should consume from the green channel's queues.
    private static async Task WaitForConsumersAsync(RabbitVirtualHost vhost, int workers, CancellationToken cancellationToken)
    {
        var until = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            var queues = await vhost.QueuesAsync();
            var consumers = queues.ToDictionary(q => q.Name, q => q.Consumers);
            if (new[] { "lead-site-signalled", "deliver-lead-signal" }.All(q => consumers.GetValueOrDefault(q) >= workers))
            {
                return;
            }

            if (DateTimeOffset.UtcNow > until)
            {
                throw new TimeoutException($"green-channel queues lack consumers: {string.Join(", ", consumers)}");
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    private static async Task<RoundResult> RunRoundAsync(IServiceProvider services, PostgresDatabase database, IReadOnlyList<BenchTrial> trials,
        IReadOnlyList<WorkerProcess> workers, BenchOptions options, string name, CancellationToken cancellationToken)
    {
        var trialOf = trials.SelectMany((t, i) => t.Participants.Select(p => (p.InstanceId, i))).ToDictionary(x => x.InstanceId, x => x.i);
        var streams = trialOf.Keys.ToArray();
        var leadStreams = trials.Select(t => t.Lead.InstanceId).ToArray();
        var pids = workers.Select(w => w.Id).ToList();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();

        // Idle backends publish their table statistics within PostgreSQL's idle interval (10 s): let what came before settle.
        await Task.Delay(StatisticsSettle, cancellationToken);
        var waited = await CpuMeter.WaitForQuietAsync(pids, 0.3, TimeSpan.FromSeconds(30), cancellationToken);
        if (waited > TimeSpan.FromSeconds(2))
        {
            Console.WriteLine($"  {name}: waited {waited.TotalSeconds:0} s for the machine to be quiet");
        }

        var tablesBefore = await database.TableCountersAsync();
        var commitsBefore = await database.CommitsAsync();
        var cpuBefore = CpuMeter.Read(pids);
        var started = DateTimeOffset.UtcNow;
        var committedAt = new DateTimeOffset[trials.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, trials.Count),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, ct) => committedAt[i] = await GreenSetup.ApproveLeadEthicsAsync(services, trials[i].Lead, ct));
        var decided = DateTimeOffset.UtcNow;

        // Poll until every participant's stream has its signal-received event.
        var until = decided + options.Timeout;
        var nextReport = decided.AddSeconds(2);
        int seen;
        while ((seen = await db.Events.CountAsync(e => streams.Contains(e.StreamId) && e.Type == "signal-received", cancellationToken)) < streams.Length)
        {
            if (DateTimeOffset.UtcNow > until)
            {
                throw new TimeoutException($"{name}: only {seen} of {streams.Length} participants received the lead's signal within {options.Timeout}");
            }

            if (workers.FirstOrDefault(w => w.HasExited) is { } dead)
            {
                throw new InvalidOperationException($"{dead.Name} exited during the run");
            }

            if (DateTimeOffset.UtcNow > nextReport)
            {
                Console.WriteLine($"  {name}: {(DateTimeOffset.UtcNow - decided).TotalSeconds:0.0} s, {seen}/{streams.Length} participants advanced");
                nextReport = nextReport.AddSeconds(2);
            }

            await Task.Delay(100, cancellationToken);
        }

        var cpu = CpuMeter.Between(cpuBefore, CpuMeter.Read(pids));
        var commits = await database.CommitsAsync() - commitsBefore;

        var signals = await db.Events.AsNoTracking().Where(e => streams.Contains(e.StreamId) && e.Type == "signal-received")
            .Select(e => new { e.StreamId, e.RecordedAt }).ToListAsync(cancellationToken);
        var duplicates = signals.Count - signals.Select(s => s.StreamId).Distinct().Count();
        var delays = signals.Select(s => (s.RecordedAt - committedAt[trialOf[s.StreamId]]).TotalMilliseconds).ToList();
        var lastSignal = signals.Max(s => s.RecordedAt);
        var firstSignal = signals.Min(s => s.RecordedAt);

        // Dispatch: the lead's signal-published row, from the commit to the dispatcher marking it sent (after the confirm).
        var leadRows = await db.Outbox.AsNoTracking().Where(o => leadStreams.Contains(o.StreamId) && o.Type == "signal-published" && o.OccurredAt >= started)
            .Select(o => new { o.StreamId, o.SentAt }).ToListAsync(cancellationToken);
        var leadIndex = trials.Select((t, i) => (t.Lead.InstanceId, i)).ToDictionary(x => x.InstanceId, x => x.i);
        var dispatch = leadRows.Where(r => r.SentAt is not null)
            .Select(r => (r.SentAt!.Value - committedAt[leadIndex[r.StreamId]]).TotalMilliseconds).ToList();

        // Then the rest of the run's outbox (the participants' follow-up steps) until it is drained.
        var drainUntil = DateTimeOffset.UtcNow.AddSeconds(120);
        while (await db.Outbox.AnyAsync(o => o.SentAt == null, cancellationToken) && DateTimeOffset.UtcNow < drainUntil)
        {
            await Task.Delay(100, cancellationToken);
        }

        await Task.Delay(StatisticsSettle, cancellationToken);
        var tablesAfter = await database.TableCountersAsync();
        var tables = tablesAfter.ToDictionary(t => t.Key, t => t.Value.Minus(tablesBefore.GetValueOrDefault(t.Key)));
        var rows = await db.Outbox.AsNoTracking().Where(o => o.OccurredAt >= started)
            .Select(o => new { o.Payload, o.SentAt }).ToListAsync(cancellationToken);
        var published = rows.Sum(r => MessagesFor(WorkflowEventJson.Deserialize(r.Payload))) + streams.Length; // + one DeliverLeadSignal each
        var drained = rows.All(r => r.SentAt is not null) ? rows.Max(r => r.SentAt!.Value) : (DateTimeOffset?)null;

        return new RoundResult(trials.Count, streams.Length / trials.Count, streams.Length, (decided - started).TotalMilliseconds,
            (lastSignal - started).TotalSeconds, (lastSignal - firstSignal).TotalSeconds, (firstSignal - started).TotalMilliseconds,
            delays, dispatch, rows.Count, published, drained is { } d ? (d - started).TotalSeconds : null, cpu, commits, duplicates, tables);
    }

    // How many contract messages the dispatcher publishes for a row (OutboxTranslator's rules).
    private static int MessagesFor(WorkflowEvent e) => e switch
    {
        StepActivated { Kind: StepKind.Task, Role: Roles.EthicsCommittee } => 2, // ReviewTaskOpened + RequestEthicsReview
        StepActivated { Kind: StepKind.Task } => 1,
        StepActivated => 0,
        WorkflowStarted or TaskCompleted or RevisionRequested or SignalPublished or WorkflowEnded or WorkflowSuspended or WorkflowResumed => 1,
        _ => 0,
    };

    private static void Print(BenchOptions options, string settings, RoundResult r, IReadOnlyList<(string Name, long Messages, int Consumers)> leftovers)
    {
        var label = options.Label ?? $"{options.Workers} worker(s)";
        Console.WriteLine();
        Console.WriteLine($"green channel: {settings}");
        Console.WriteLine($"  {r.Trials} lead approvals committed in {Percentiles.Ms(r.DecisionsMs)} ms; first participant advanced {Percentiles.Ms(r.FirstSignalMs)} ms after the first commit began");
        Console.WriteLine($"  {r.Cpu.Describe()}; PostgreSQL {r.Commits / r.Cpu.Seconds:0} commits/s");
        var t = r.Tables;
        TableCounters Of(string table) => t.GetValueOrDefault(table) ?? new TableCounters(0, 0, 0, 0);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  until drained: dispatcher batches (lease updates) {Of("Leases").Updated}, outbox rows inserted {Of("Outbox").Inserted} / marked sent {Of("Outbox").Updated}, " +
            $"events inserted {Of("Events").Inserted}, inbox {Of("Inbox").Inserted}, audit {Of("Audit").Inserted}; index scans per delivery {t.Values.Sum(x => x.IndexScans) / (double)r.Deliveries:0.0}, " +
            $"seq scans {t.Values.Sum(x => x.SeqScans)}"));
        Console.WriteLine($"  duplicates: {r.Duplicates}; queues left with messages: {(leftovers.Count == 0 ? "none" : string.Join(", ", leftovers.Select(q => $"{q.Name}={q.Messages}")))}");
        Console.WriteLine();
        Console.WriteLine("| run | trials × participants | deliveries | all advanced after s | deliveries/s | steady deliveries/s | delay p50 ms | delay p99 ms | delay max ms | dispatch p50 ms | outbox rows | messages | msg/participant | msg/s | drained after s |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {label} | {r.Trials} × {r.Participants} | {r.Deliveries:#,0} | {r.WindowSeconds:0.00} | {Percentiles.Rate(r.Deliveries / r.WindowSeconds)} | " +
            $"{Percentiles.Rate((r.Deliveries - 1) / Math.Max(0.001, r.SpreadSeconds))} | {Percentiles.Ms(Percentiles.Of(r.Delays, 50))} | " +
            $"{Percentiles.Ms(Percentiles.Of(r.Delays, 99))} | {Percentiles.Ms(r.Delays.Max())} | {Percentiles.Ms(Percentiles.Of(r.Dispatch, 50))} | " +
            $"{r.OutboxRows:#,0} | {r.Messages:#,0} | {(double)r.Messages / r.Deliveries:0.00} | " +
            $"{(r.DrainedSeconds is { } d ? Percentiles.Rate(r.Messages / d) : "–")} | {(r.DrainedSeconds is { } s ? s.ToString("0.00", CultureInfo.InvariantCulture) : "not drained")} |"));
    }

    private sealed record RoundResult(int Trials, int Participants, int Deliveries, double DecisionsMs, double WindowSeconds, double SpreadSeconds,
        double FirstSignalMs, IReadOnlyList<double> Delays, IReadOnlyList<double> Dispatch, int OutboxRows, int Messages, double? DrainedSeconds,
        CpuMeter.Usage Cpu, long Commits, int Duplicates, IReadOnlyDictionary<string, TableCounters> Tables);
}
