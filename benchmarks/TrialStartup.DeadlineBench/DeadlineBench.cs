namespace TrialStartup.DeadlineBench;

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using TrialStartup.Data;
using TrialStartup.Data.Commands;
using TrialStartup.Data.Deadlines;
using TrialStartup.Data.Organisations;
using TrialStartup.Data.Trials;
using TrialStartup.Messaging.Hosting;
using TrialStartup.Messaging.Timers;
using TrialStartup.MessagingBench;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Commands;

/// <summary>
/// Turnaround timers at scale on Hangfire with PostgreSQL storage, as shipped: one delayed
/// <see cref="DeadlineJobs.FireDueAsync"/> job per distinct due instant, shared by every deadline due then, which claims
/// and fires the due deadlines in batches (<see cref="DeadlineFiring"/>). Four phases on a fresh database: (A) P
/// single-site projects started through ProjectCommands with the Hangfire timer scheduler (two intake deadlines each,
/// each given its instant's job); (B) the rest of the open deadlines up to O seeded in bulk (DeadlineRows by COPY, due at
/// local midnight Asia/Shanghai of days 7–36 ahead, one job per instant, its id stored with one UPDATE per instant);
/// (C) K Worker processes start (Hangfire servers; the start-up reconciliation); (D) the engine's 2 × P deadlines are made
/// due over a window starting a few seconds ahead (DueAt moved, one job per distinct due second) and the bench waits until
/// every one is fired, then reads fired-at − due per deadline, when each was claimed, and when the instants' jobs ran.
/// </summary>
internal static class DeadlineBench
{
    private const string Calendar = "cn-mainland";
    private const string BulkStep = "bulk-intake";
    // The Workers keep the product's claim duration; the claim instant of a fired deadline is ClaimedUntil minus this.
    private static readonly TimeSpan ClaimDuration = new TrialStartupOptions().Timers.ClaimDuration;
    private static readonly string[] SizeTables =
        ["Deadlines", "Events", "Outbox", "Audit", "Alerts", "SiteProjectStatus", "hangfire.job", "hangfire.state", "hangfire.jobparameter",
            "hangfire.jobqueue", "hangfire.set", "hangfire.hash", "hangfire.counter"];

    private const string OnceSql = """
        select count(*), coalesce(max(c), 0), coalesce(sum(c), 0) from (
          select "StreamId", ("Data"::jsonb)->>'timerId' as timer, count(*) as c from "Events" where "Type" = 'timer-fired' group by 1, 2) x
        """;

    public static async Task<int> RunAsync(DeadlineOptions options, CancellationToken cancellationToken)
    {
        var root = RepositoryRoot.Find();
        var workerDll = options.WorkerDll ?? Path.Combine(root, "src", "TrialStartup.Worker", "bin", "Release", "net10.0", "TrialStartup.Worker.dll");
        if (!File.Exists(workerDll))
        {
            Console.Error.WriteLine($"{workerDll} not found: dotnet build -c Release src/TrialStartup.Worker");
            return 2;
        }

        var dataFolder = Path.Combine(Path.GetTempPath(), "ts-dlbench-" + Guid.NewGuid().ToString("N")[..8]);
        var workers = new List<WorkerProcess>();
        await using var database = await PostgresDatabase.CreateAsync(options.PostgresAdmin, "ts_dlbench");
        var sizes = new List<(string Label, Dictionary<string, long> Bytes)>();
        try
        {
            var core = new TrialStartupOptions
            {
                DataFolder = dataFolder,
                WorkflowsFolder = Path.Combine(root, "workflows"),
                Database = { Provider = "postgres", ConnectionString = database.ConnectionString },
            };
            // The bench's own firing (D′ only): Timers:FiringConcurrency = --direct-concurrency, --firing-batch if given.
            if (options.FiringBatch is { } batchSize)
            {
                core.Timers.FiringBatchSize = batchSize;
            }

            if (options.DirectConcurrency > 0)
            {
                core.Timers.FiringConcurrency = options.DirectConcurrency;
            }

            var services = new ServiceCollection();
            services.AddLogging();
            services.AddTrialStartupCore(core, dataFolder);
            // The Api's timer services: HangfireTimerScheduler as the engine's scheduler, PostgreSQL storage, no server;
            // these settings are also the ones of the bench's own DeadlineFiring (D′).
            core.Timers.RunServer = false;
            services.AddTrialStartupTimers(core.Timers);
            await using var provider = services.BuildServiceProvider();
            await using (var scope = provider.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>().Database.MigrateAsync(cancellationToken);
            }

            _ = provider.GetRequiredService<JobStorage>(); // creates the hangfire schema
            var client = provider.GetRequiredService<IBackgroundJobClient>();
            Console.WriteLine($"database {database.Name}; {options.Projects} engine projects, {options.Open:#,0} open deadlines in all, " +
                $"window {options.Window.TotalSeconds:0} s, {(options.DirectConcurrency > 0 ? "no workers (D′)" : $"{options.Workers} worker(s)")}; " +
                $"firing: batch {Setting(options.FiringBatch)}, concurrency {(options.DirectConcurrency > 0 ? options.DirectConcurrency.ToString(CultureInfo.InvariantCulture) : Setting(options.FiringConcurrency))}, " +
                $"runs {Setting(options.FiringRuns)}");
            sizes.Add(("empty (migrated, hangfire schema)", await SizesAsync(database.ConnectionString)));

            // (A) The engine path.
            var (institutionId, projects) = await SeedProjectsAsync(provider, options.Projects, cancellationToken);
            var started = Stopwatch.StartNew();
            await StartWorkflowsAsync(provider, projects, options.SetupConcurrency, cancellationToken);
            var engineSeconds = started.Elapsed.TotalSeconds;
            var engine = await ScalarsAsync(database.ConnectionString,
                "select count(*), count(\"JobId\"), count(distinct \"JobId\"), count(distinct date_trunc('second', \"DueAt\")) from \"Deadlines\" where \"State\" = 'armed'");
            var engineJobs = await ScalarsAsync(database.ConnectionString,
                "select count(*), count(*) filter (where invocationdata::text like '%FireDueAsync%') from hangfire.job");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"(A) engine path: {projects.Count} projects started (StartWorkflow through ProjectCommands, concurrency {options.SetupConcurrency}) in {engineSeconds:0.0} s = " +
                $"{projects.Count / engineSeconds:0.0} projects/s; {engine[0]} armed deadlines, {engine[1]} with a Hangfire job id = {engine[0] / engineSeconds:0.0} deadlines/s; " +
                $"extrapolated to 50,000 projects (100,000 deadlines): {50_000 / (projects.Count / engineSeconds) / 60:0.0} min"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"(A) {engine[2]:#,0} distinct Hangfire jobs (distinct JobId) for the {engine[0]:#,0} deadlines, due at {engine[3]:#,0} distinct instants (seconds); " +
                $"hangfire.job holds {engineJobs[0]:#,0} jobs, {engineJobs[1]:#,0} of them FireDueAsync"));
            if (engine[0] != 2 * projects.Count || engine[1] != engine[0])
            {
                throw new InvalidOperationException($"expected {2 * projects.Count} armed deadlines with job ids, found {engine[0]} / {engine[1]}");
            }

            sizes.Add(($"after (A): {engine[0]:#,0} deadlines", await SizesAsync(database.ConnectionString)));

            // (B) The rest in bulk: rows by COPY, one job per distinct due instant (as the scheduler would arm them).
            var bulkCount = Math.Max(0, options.Open - (int)engine[0]);
            if (bulkCount > 0)
            {
                var rows = BulkRows(bulkCount);
                var copy = Stopwatch.StartNew();
                await CopyDeadlinesAsync(database.ConnectionString, rows, institutionId, cancellationToken);
                var copySeconds = copy.Elapsed.TotalSeconds;
                var schedule = Stopwatch.StartNew();
                var jobs = ScheduleInstantJobs(client, rows.Select(r => r.DueAt));
                var scheduleSeconds = schedule.Elapsed.TotalSeconds;
                var store = Stopwatch.StartNew();
                var stored = await StoreInstantJobIdsAsync(database.ConnectionString, jobs, bulk: true, cancellationToken);
                var storeSeconds = store.Elapsed.TotalSeconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"(B) bulk: {bulkCount:#,0} DeadlineRows by COPY in {copySeconds:0.0} s ({bulkCount / copySeconds:#,0} rows/s), due at {jobs.Count} instants " +
                    $"(local midnight Asia/Shanghai, {jobs.Keys.Min():yyyy-MM-dd HH:mm}Z … {jobs.Keys.Max():yyyy-MM-dd HH:mm}Z); " +
                    $"{jobs.Count} FireDueAsync jobs (BackgroundJobClient.Schedule, one per instant) in {scheduleSeconds * 1000:0} ms; " +
                    $"job ids stored on {stored:#,0} rows (one UPDATE per instant) in {storeSeconds:0.0} s; total {copySeconds + scheduleSeconds + storeSeconds:0.0} s"));
                if (stored != bulkCount)
                {
                    throw new InvalidOperationException($"job ids stored on {stored} of {bulkCount} bulk rows");
                }

                sizes.Add(($"after (B): {options.Open:#,0} open deadlines", await SizesAsync(database.ConnectionString)));
            }

            if (options.DirectConcurrency > 0)
            {
                var direct = await FireDirectlyAsync(provider, database, options, core.Timers, cancellationToken);
                sizes.Add(("after (D'): engine deadlines fired directly", await SizesAsync(database.ConnectionString)));
                PrintSizes(sizes);
                return direct;
            }

            // (C) The Workers.
            var environment = new Dictionary<string, string>
            {
                ["TrialStartup__Database__Provider"] = "postgres",
                ["TrialStartup__Database__ConnectionString"] = database.ConnectionString,
                ["TrialStartup__DataFolder"] = dataFolder,
                ["Logging__LogLevel__TrialStartup.Messaging.Timers"] = "Information", // "Deadlines reconciled: …"
            };
            if (options.FiringBatch is { } firingBatch)
            {
                environment["TrialStartup__Timers__FiringBatchSize"] = firingBatch.ToString(CultureInfo.InvariantCulture);
            }

            if (options.FiringConcurrency is { } firingConcurrency)
            {
                environment["TrialStartup__Timers__FiringConcurrency"] = firingConcurrency.ToString(CultureInfo.InvariantCulture);
            }

            if (options.FiringRuns is { } firingRuns)
            {
                environment["TrialStartup__Timers__FiringRuns"] = firingRuns.ToString(CultureInfo.InvariantCulture);
            }

            var workersStarted = Stopwatch.StartNew();
            for (var i = 1; i <= options.Workers; i++)
            {
                workers.Add(WorkerProcess.Start(workerDll, $"worker-{i}", environment));
            }

            foreach (var worker in workers)
            {
                await worker.WaitReadyAsync(options.ReadyTimeout, cancellationToken);
            }

            var readySeconds = workersStarted.Elapsed.TotalSeconds;
            var reconciled = new Dictionary<string, double>();
            while (reconciled.Count < workers.Count)
            {
                foreach (var worker in workers.Where(w => !reconciled.ContainsKey(w.Name)))
                {
                    if (worker.HasExited)
                    {
                        throw new InvalidOperationException($"{worker.Name} exited:\n{worker.Tail()}");
                    }

                    if (worker.Tail(400).Contains("Deadlines reconciled", StringComparison.Ordinal))
                    {
                        reconciled[worker.Name] = workersStarted.Elapsed.TotalSeconds;
                    }
                }

                if (workersStarted.Elapsed > options.ReadyTimeout)
                {
                    throw new TimeoutException($"the start-up reconciliation did not finish within {options.ReadyTimeout.TotalSeconds:0} s");
                }

                await Task.Delay(250, cancellationToken);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"(C) workers ready (/health/ready) {readySeconds:0.0} s after start; start-up reconciliation finished at " +
                $"{string.Join(", ", reconciled.Select(r => $"{r.Key} {r.Value:0.0} s"))} (polled every 0.25 s); pids {string.Join(", ", workers.Select(w => w.Id))}"));
            foreach (var worker in workers)
            {
                Console.WriteLine($"  {worker.Name}: {worker.Tail(400).Split('\n').LastOrDefault(l => l.Contains("reconciled", StringComparison.Ordinal))?.Trim()}");
            }

            // (D) Firing.
            var result = await FireAsync(database, client, options, workers, cancellationToken);
            sizes.Add(("after (D): engine deadlines fired", await SizesAsync(database.ConnectionString)));
            PrintSizes(sizes);
            return result;
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

            if (Directory.Exists(dataFolder))
            {
                Directory.Delete(dataFolder, recursive: true);
            }
        }
    }

    private static string Setting(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "default";

    private static async Task<int> FireAsync(PostgresDatabase database, IBackgroundJobClient client, DeadlineOptions options,
        IReadOnlyList<WorkerProcess> workers, CancellationToken cancellationToken)
    {
        // The engine's deadlines, in a fixed random order.
        var all = await EngineDeadlinesAsync(database.ConnectionString, cancellationToken);
        var warmup = all.Take(Math.Min(options.WarmupDeadlines, all.Count / 2)).ToList();
        var shuffled = all.Skip(warmup.Count).ToList();
        if (warmup.Count > 0)
        {
            // Not measured: the fresh Workers' code gets compiled and optimised (tiered compilation, dynamic PGO). All due
            // at one instant, woken by one job, as the measured ones with --window-s 0.
            var warmStart = WholeSecondAfter(DateTimeOffset.UtcNow + TimeSpan.FromSeconds(3));
            var warmRows = warmup.Select(r => r with { DueAt = warmStart }).ToList();
            await MoveDueAsync(database.ConnectionString, warmRows, cancellationToken);
            await StoreInstantJobIdsAsync(database.ConnectionString, ScheduleInstantJobs(client, [warmStart]), bulk: false, cancellationToken);
            var warmClock = Stopwatch.StartNew();
            while ((await ScalarsAsync(database.ConnectionString,
                       $"select count(*) from \"Deadlines\" where \"State\" = 'fired' and \"StepId\" <> '{BulkStep}'"))[0] < warmup.Count)
            {
                if (warmClock.Elapsed > options.Timeout)
                {
                    throw new TimeoutException("the warm-up deadlines did not all fire");
                }

                await Task.Delay(500, cancellationToken);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"warm-up: {warmup.Count} deadlines fired (not reported), {warmClock.Elapsed.TotalSeconds:0.0} s after arming"));
        }

        // Made due evenly over the window, at whole seconds as the engine's deadlines are (the start of a local day); all
        // at one instant with --window-s 0. Lead time: moving DueAt (one statement) and a job per distinct second, a margin.
        var lead = TimeSpan.FromSeconds(10 + shuffled.Count / 5_000.0);
        var start = WholeSecondAfter(DateTimeOffset.UtcNow + lead);
        var step = shuffled.Count > 1 ? options.Window / (shuffled.Count - 1) : TimeSpan.Zero;
        var rows = shuffled.Select((r, i) => r with { DueAt = start + TimeSpan.FromSeconds(Math.Floor((step * i).TotalSeconds)) }).ToList();
        var arm = Stopwatch.StartNew();
        await MoveDueAsync(database.ConnectionString, rows, cancellationToken);
        var moveSeconds = arm.Elapsed.TotalSeconds;
        var instantJobs = ScheduleInstantJobs(client, rows.Select(r => r.DueAt));
        var stored = await StoreInstantJobIdsAsync(database.ConnectionString, instantJobs, bulk: false, cancellationToken);
        var armedBy = DateTimeOffset.UtcNow;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"(D) {rows.Count:#,0} engine deadlines made due at {instantJobs.Count:#,0} instant(s): DueAt moved in {moveSeconds:0.0} s, " +
            $"{instantJobs.Count:#,0} FireDueAsync job(s) scheduled and their ids stored on {stored:#,0} rows (one UPDATE per instant), {arm.Elapsed.TotalSeconds:0.0} s in all; " +
            $"first due {(start - armedBy).TotalSeconds:0.0} s after that, last {(rows[^1].DueAt - armedBy).TotalSeconds:0.0} s after"));
        if (armedBy > start)
        {
            Console.WriteLine("  warning: arming finished after the first deadline fell due");
        }

        if (stored != rows.Count)
        {
            throw new InvalidOperationException($"job ids stored on {stored} of {rows.Count} deadlines");
        }

        var pids = workers.Select(w => w.Id).ToList();
        var measured = string.Create(CultureInfo.InvariantCulture,
            $"\"State\" = 'fired' and \"StepId\" <> '{BulkStep}' and \"DueAt\" >= '{start.UtcDateTime:yyyy-MM-dd HH:mm:ss.ffffff}+00'");
        var wait = start - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken);
        }

        var cpuBefore = CpuMeter.Read(pids);
        var commitsBefore = await database.CommitsAsync();
        var until = DateTimeOffset.UtcNow + options.Timeout;
        var lastReport = DateTimeOffset.UtcNow;
        long fired;
        while (true)
        {
            fired = (await ScalarsAsync(database.ConnectionString, $"select count(*) from \"Deadlines\" where {measured}"))[0];
            if (fired >= rows.Count || DateTimeOffset.UtcNow > until || workers.Any(w => w.HasExited))
            {
                break;
            }

            if (DateTimeOffset.UtcNow - lastReport > TimeSpan.FromSeconds(15))
            {
                lastReport = DateTimeOffset.UtcNow;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {(lastReport - start).TotalSeconds:0} s after the first due: {fired:#,0} fired, {rows.Count(r => r.DueAt <= lastReport):#,0} due"));
            }

            await Task.Delay(500, cancellationToken);
        }

        var cpu = CpuMeter.Between(cpuBefore, CpuMeter.Read(pids));
        var commits = await database.CommitsAsync() - commitsBefore;

        // Per deadline: fired-at (ClosedAt, the firing command's clock) − due; claimed at (ClaimedUntil − the claim duration,
        // the claiming run's clock) − due; and which claim (batch) it was fired in.
        var samples = await ClaimSamplesAsync(database.ConnectionString, measured, cancellationToken);
        // Hangfire's runs: the instants' jobs (ids known), the helper runs they enqueued (FireDueAsync jobs created after
        // arming), the minutely sweep's runs. state.createdat is UTC without a zone.
        var runs = await HangfireRunsAsync(database.ConnectionString, cancellationToken);
        var instantRuns = runs.Where(r => instantJobs.ContainsValue(r.Id)).ToList();
        var instantOf = instantJobs.ToDictionary(j => j.Value, j => j.Key.ToUnixTimeMilliseconds());
        var helperRuns = runs.Where(r => r.Kind == "due" && !instantOf.ContainsKey(r.Id) && r.CreatedMs >= armedBy.ToUnixTimeMilliseconds()).ToList();
        var firingRuns = instantRuns.Concat(helperRuns).ToList();
        var sweepRuns = runs.Where(r => r.Kind == "sweep").ToList();

        var closed = await ScalarsAsync(database.ConnectionString,
            $"select (extract(epoch from min(\"ClosedAt\")) * 1000)::bigint, (extract(epoch from max(\"ClosedAt\")) * 1000)::bigint from \"Deadlines\" where {measured}");
        var once = await ScalarsAsync(database.ConnectionString, OnceSql);
        var jobStates = await ScalarsAsync(database.ConnectionString,
            "select count(*) filter (where statename = 'Succeeded'), count(*) filter (where statename = 'Failed'), count(*) filter (where statename = 'Scheduled'), " +
            "count(*) filter (where statename = 'Enqueued'), count(*) filter (where statename = 'Processing') from hangfire.job");
        var alerts = (await ScalarsAsync(database.ConnectionString, "select count(*) from \"Alerts\""))[0];

        var windowS = (closed[1] - closed[0]) / 1000.0;
        var fromFirstDue = (closed[1] - start.ToUnixTimeMilliseconds()) / 1000.0;
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"(D) fired {fired:#,0} of {rows.Count:#,0} deadlines due over {options.Window.TotalSeconds:0} s ({rows.Count / Math.Max(1, options.Window.TotalSeconds):0.0}/s due) " +
            $"at {instantJobs.Count:#,0} instant(s); last fired {fromFirstDue:0.0} s after the first due = {fired / Math.Max(0.001, fromFirstDue):0.0} fired/s; " +
            $"first→last firing {windowS:0.0} s = {fired / Math.Max(0.001, windowS):0.0} fired/s"));
        Console.WriteLine("| ms after due | p50 | p99 | max | n |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Console.WriteLine(Row("fired (DeadlineRow.ClosedAt − DueAt)", [.. samples.Select(s => s.Delay)]));
        Console.WriteLine(Row("claimed (ClaimedUntil − claim duration − DueAt)", [.. samples.Where(s => s.ClaimedMs is not null).Select(s => s.ClaimedMs!.Value - s.DueMs)]));
        Console.WriteLine(Row("fired after its claim (ClosedAt − claimed)", [.. samples.Where(s => s.ClaimedMs is not null).Select(s => s.ClosedMs - s.ClaimedMs!.Value)]));
        Console.WriteLine("| ms after its instant (Hangfire state) | p50 | p99 | max | jobs |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Console.WriteLine(Row("instant's job enqueued", [.. instantRuns.Where(r => r.EnqueuedMs is not null).Select(r => r.EnqueuedMs!.Value - instantOf[r.Id])]));
        Console.WriteLine(Row("instant's job processing", [.. instantRuns.Where(r => r.ProcessingMs is not null).Select(r => r.ProcessingMs!.Value - instantOf[r.Id])]));
        Console.WriteLine(Row("instant's job finished (nothing left due)", [.. instantRuns.Where(r => r.EndMs is not null).Select(r => r.EndMs!.Value - instantOf[r.Id])]));
        Console.WriteLine(Row("helper runs processing (after the first instant)", [.. helperRuns.Where(r => r.ProcessingMs is not null).Select(r => r.ProcessingMs!.Value - start.ToUnixTimeMilliseconds())]));
        Console.WriteLine(Row("helper runs finished (after the first instant)", [.. helperRuns.Where(r => r.EndMs is not null).Select(r => r.EndMs!.Value - start.ToUnixTimeMilliseconds())]));

        // Which run claimed each batch: the claim instant falls within the run's Processing → Succeeded/Failed/Deleted.
        // The sweep runs every minute and may overlap a FireDueAsync run; such batches are counted as ambiguous.
        var batches = samples.Where(s => s.ClaimToken is not null).GroupBy(s => s.ClaimToken!.Value)
            .Select(g => (Size: g.Count(), ClaimedMs: g.Min(s => s.ClaimedMs!.Value))).ToList();
        static bool Within(HangfireRun run, double at) => run.ProcessingMs is { } begin && at >= begin - 50 && at <= (run.EndMs ?? double.MaxValue) + 50;
        var byRun = batches.GroupBy(b => (firingRuns.Any(r => Within(r, b.ClaimedMs)), sweepRuns.Any(r => Within(r, b.ClaimedMs))) switch
        {
            (true, false) => "instant jobs and helper runs",
            (false, true) => "minutely sweep",
            (true, true) => "ambiguous (both running)",
            _ => "unattributed",
        }).ToDictionary(g => g.Key, g => (Batches: g.Count(), Deadlines: g.Sum(b => b.Size)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"claims (batches): {batches.Count:#,0}, size p50 {Percentiles.Of([.. batches.Select(b => (double)b.Size)], 50):0} max {(batches.Count > 0 ? batches.Max(b => b.Size) : 0)}; " +
            $"{samples.Count(s => s.ClaimToken is null):#,0} fired deadlines without a claim; by the run that claimed them: " +
            $"{string.Join(", ", byRun.OrderByDescending(r => r.Value.Deadlines).Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Key} {r.Value.Deadlines:#,0} deadlines in {r.Value.Batches:#,0} batches")))}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"runs: {instantRuns.Count:#,0} instant jobs, {helperRuns.Count:#,0} helper runs, {sweepRuns.Count(r => r.ProcessingMs >= start.ToUnixTimeMilliseconds() - 60_000):#,0} sweep runs " +
            $"started from a minute before the first due; instant jobs that started processing before their instant: {instantRuns.Count(r => r.ProcessingMs < instantOf[r.Id]):#,0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cpu during firing ({cpu.Seconds:0.0} s): {cpu.Describe()}; per fired deadline: workers {cpu.Workers * cpu.Seconds / Math.Max(1, fired) * 1000:0.0} ms, " +
            $"postgres {(cpu.Postgres ?? 0) * cpu.Seconds / Math.Max(1, fired) * 1000:0.0} ms; PostgreSQL commits {commits:#,0} ({commits / cpu.Seconds:#,0}/s, {(double)commits / Math.Max(1, fired):0.0} per firing)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"timer-fired events: {once[2]:#,0} for {once[0]:#,0} timers, at most {once[1]} per timer (expected {all.Count:#,0} with the warm-up's, exactly 1 each); alerts {alerts:#,0}; " +
            $"hangfire jobs: succeeded {jobStates[0]:#,0}, failed {jobStates[1]}, scheduled {jobStates[2]:#,0}, enqueued {jobStates[3]:#,0}, processing {jobStates[4]}"));
        Console.WriteLine($"fire-deadline audit entries: {await AuditAnswersAsync(database.ConnectionString, cancellationToken)}");
        foreach (var worker in workers)
        {
            var warnings = worker.Tail(400).Split('\n').Where(l => l.Contains("warn", StringComparison.OrdinalIgnoreCase) || l.Contains("fail", StringComparison.OrdinalIgnoreCase)).ToList();
            Console.WriteLine($"{worker.Name}: {warnings.Count} warning/failure log lines{(warnings.Count > 0 ? ", last: " + warnings[^1].Trim() : "")}");
            var lines = worker.Tail(400).Split('\n');
            var first = Array.FindIndex(lines, l => l.StartsWith("fail:", StringComparison.Ordinal));
            if (first >= 0)
            {
                Console.WriteLine("  " + string.Join("\n  ", lines.Skip(first).Take(12)));
            }
        }

        var ok = fired == rows.Count && once[0] == all.Count && once[1] == 1 && once[2] == all.Count;
        Console.WriteLine(ok ? "exactly once: ok" : "exactly once: FAILED (or not all fired)");
        return ok ? 0 : 1;
    }

    // Without Hangfire: the bench process itself calls DeadlineFiring.FireAllDueAsync (what the instants' jobs and the
    // sweep do: claim a batch, fire it Timers:FiringConcurrency instances at a time, until nothing is due) once the
    // engine's deadlines are due. The cost of the firing without Hangfire, the Workers' outbox dispatch and consumers.
    private static async Task<int> FireDirectlyAsync(IServiceProvider provider, PostgresDatabase database, DeadlineOptions options,
        TrialStartupOptions.TimerSettings configured, CancellationToken cancellationToken)
    {
        var all = await EngineDeadlinesAsync(database.ConnectionString, cancellationToken);
        var warmup = all.Take(Math.Min(options.WarmupDeadlines, all.Count / 2)).ToList();
        var measuredRows = all.Skip(warmup.Count).ToList();
        var firing = provider.GetRequiredService<DeadlineFiring>();
        var settings = provider.GetService<TrialStartupOptions.TimerSettings>() ?? configured; // what DeadlineFiring was given

        // Due a second ago (whole seconds); the measured ones at a later second than the warm-up's, to tell them apart.
        var warmDue = WholeSecondAfter(DateTimeOffset.UtcNow) - TimeSpan.FromSeconds(2);
        if (warmup.Count > 0)
        {
            await MoveDueAsync(database.ConnectionString, [.. warmup.Select(r => r with { DueAt = warmDue })], cancellationToken);
            var warmClock = Stopwatch.StartNew();
            var warmFired = await firing.FireAllDueAsync(cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"(D') warm-up: {warmFired} of {warmup.Count} fired by FireAllDueAsync in {warmClock.Elapsed.TotalSeconds:0.0} s (not reported)"));
        }

        var due = WholeSecondAfter(DateTimeOffset.UtcNow) - TimeSpan.FromSeconds(1);
        if (due <= warmDue)
        {
            due = warmDue + TimeSpan.FromSeconds(1);
            await Task.Delay(due - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(10), cancellationToken);
        }

        await MoveDueAsync(database.ConnectionString, [.. measuredRows.Select(r => r with { DueAt = due })], cancellationToken);
        var measured = string.Create(CultureInfo.InvariantCulture,
            $"\"StepId\" <> '{BulkStep}' and \"DueAt\" = '{due.UtcDateTime:yyyy-MM-dd HH:mm:ss.ffffff}+00'");
        var cpuBefore = CpuMeter.Read([]);
        var commitsBefore = await database.CommitsAsync();
        var clock = Stopwatch.StartNew();
        var fired = await firing.FireAllDueAsync(cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = CpuMeter.Between(cpuBefore, CpuMeter.Read([]));
        var commits = await database.CommitsAsync() - commitsBefore;
        var check = await ScalarsAsync(database.ConnectionString,
            $"select count(*) filter (where \"State\" = 'fired'), count(distinct \"ClaimToken\"), count(*) from \"Deadlines\" where {measured}");
        var once = await ScalarsAsync(database.ConnectionString, OnceSql);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"(D') without Hangfire: {fired:#,0} of {measuredRows.Count:#,0} due deadlines fired by one DeadlineFiring.FireAllDueAsync in the bench process " +
            $"(batch {settings.FiringBatchSize}, {settings.FiringConcurrency} instances at a time) in {seconds:0.0} s = {fired / seconds:0.0} fired/s; " +
            $"{check[1]:#,0} claims (batches); {check[0]:#,0} of {check[2]:#,0} fired in the database"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cpu ({cpu.Seconds:0.0} s): {cpu.Describe()}; per firing: bench (the firing process) {cpu.Self * cpu.Seconds / Math.Max(1, fired) * 1000:0.0} ms, " +
            $"postgres {(cpu.Postgres ?? 0) * cpu.Seconds / Math.Max(1, fired) * 1000:0.0} ms; PostgreSQL commits {commits:#,0} ({(double)commits / Math.Max(1, fired):0.0} per firing)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"timer-fired events: {once[2]:#,0} for {once[0]:#,0} timers, at most {once[1]} per timer (expected {all.Count:#,0})"));
        Console.WriteLine($"fire-deadline audit entries: {await AuditAnswersAsync(database.ConnectionString, cancellationToken)}");
        var ok = fired == measuredRows.Count && check[0] == measuredRows.Count && once[0] == all.Count && once[1] == 1 && once[2] == all.Count;
        Console.WriteLine(ok ? "exactly once: ok" : "exactly once: FAILED (or not all fired)");
        return ok ? 0 : 1;
    }

    private static string Row(string what, IReadOnlyCollection<double> values) => values.Count == 0 ? $"| {what} | – | – | – | 0 |" :
        $"| {what} | {Percentiles.Ms(Percentiles.Of(values, 50))} | {Percentiles.Ms(Percentiles.Of(values, 99))} | {Percentiles.Ms(values.Max())} | {values.Count:#,0} |";

    private static DateTimeOffset WholeSecondAfter(DateTimeOffset at) => DateTimeOffset.FromUnixTimeSeconds(at.ToUnixTimeSeconds() + 1);

    // The engine's armed deadlines (not the bulk rows), in a fixed random order.
    private static async Task<List<BulkRow>> EngineDeadlinesAsync(string connectionString, CancellationToken cancellationToken)
    {
        var set = new List<BulkRow>();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(
                "select \"WorkflowInstanceId\", \"TimerId\" from \"Deadlines\" where \"State\" = 'armed' and \"StepId\" <> @bulk order by 1, 2", connection);
            command.Parameters.AddWithValue("bulk", BulkStep);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                set.Add(new BulkRow(reader.GetGuid(0), reader.GetString(1), default));
            }
        }

        var random = new Random(42);
        return [.. set.OrderBy(_ => random.Next())];
    }

    private sealed record ClaimSample(double Delay, double DueMs, double ClosedMs, double? ClaimedMs, Guid? ClaimToken);

    private static async Task<List<ClaimSample>> ClaimSamplesAsync(string connectionString, string measured, CancellationToken cancellationToken)
    {
        var samples = new List<ClaimSample>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            select extract(epoch from "ClosedAt" - "DueAt") * 1000, extract(epoch from "DueAt") * 1000, extract(epoch from "ClosedAt") * 1000,
                   extract(epoch from "ClaimedUntil") * 1000, "ClaimToken"
            from "Deadlines" where 
            """ + measured, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            samples.Add(new ClaimSample((double)reader.GetDecimal(0), (double)reader.GetDecimal(1), (double)reader.GetDecimal(2),
                reader.IsDBNull(3) ? null : (double)reader.GetDecimal(3) - ClaimDuration.TotalMilliseconds,
                reader.IsDBNull(4) ? null : reader.GetGuid(4)));
        }

        return samples;
    }

    private sealed record HangfireRun(string Id, string Kind, double CreatedMs, double? EnqueuedMs, double? ProcessingMs, double? EndMs);

    // The deadline jobs in Hangfire's storage, with when each was created, first enqueued, first processing and finished
    // (Succeeded, Failed or Deleted; null while running). Kind: "due" (FireDueAsync), "sweep" (SweepAsync), "other".
    private static async Task<List<HangfireRun>> HangfireRunsAsync(string connectionString, CancellationToken cancellationToken)
    {
        var runs = new List<HangfireRun>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            select j.id::text,
                   case when j.invocationdata::text like '%FireDueAsync%' then 'due' when j.invocationdata::text like '%SweepAsync%' then 'sweep' else 'other' end,
                   extract(epoch from j.createdat) * 1000,
                   (select extract(epoch from min(s.createdat)) * 1000 from hangfire.state s where s.jobid = j.id and s.name = 'Enqueued'),
                   (select extract(epoch from min(s.createdat)) * 1000 from hangfire.state s where s.jobid = j.id and s.name = 'Processing'),
                   (select extract(epoch from max(s.createdat)) * 1000 from hangfire.state s where s.jobid = j.id and s.name in ('Succeeded', 'Failed', 'Deleted'))
            from hangfire.job j
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            double? Optional(int i) => reader.IsDBNull(i) ? null : Convert.ToDouble(reader.GetValue(i), CultureInfo.InvariantCulture);
            runs.Add(new HangfireRun(reader.GetString(0), reader.GetString(1), Optional(2) ?? 0, Optional(3), Optional(4), Optional(5)));
        }

        return runs;
    }

    // What the firing commands answered (a lost race is audited as a refusal with code concurrency-conflict).
    private static async Task<string> AuditAnswersAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "select \"Accepted\", coalesce(\"Outcome\", ''), count(*) from \"Audit\" where \"Action\" = 'fire-deadline' group by 1, 2 order by 3 desc", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var answers = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            answers.Add(string.Create(CultureInfo.InvariantCulture, $"{(reader.GetBoolean(0) ? "accepted" : "refused")} {reader.GetString(1)}: {reader.GetInt64(2):#,0}"));
        }

        return string.Join("; ", answers);
    }

    private static async Task MoveDueAsync(string connectionString, List<BulkRow> rows, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "update \"Deadlines\" d set \"DueAt\" = u.due from unnest(@ids, @timers, @dues) as u(id, timer, due) " +
            "where d.\"WorkflowInstanceId\" = u.id and d.\"TimerId\" = u.timer", connection) { CommandTimeout = 300 };
        command.Parameters.AddWithValue("ids", rows.Select(r => r.InstanceId).ToArray());
        command.Parameters.AddWithValue("timers", rows.Select(r => r.TimerId).ToArray());
        command.Parameters.Add(new NpgsqlParameter("dues", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = rows.Select(r => r.DueAt.UtcDateTime).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record BulkRow(Guid InstanceId, string TimerId, DateTimeOffset DueAt);

    // Two deadlines (warning, breach) per fake project, due at local midnight Asia/Shanghai (16:00 UTC) of days 7–36 ahead,
    // as the engine's are (WorkingDayCalendar.AddWorkingDays returns the start of a local day): 30 distinct instants, the
    // breach a day after its warning. They stay armed during the run.
    private static List<BulkRow> BulkRows(int count)
    {
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, shanghai).Date;
        DateTimeOffset MidnightIn(int days) =>
            new(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(today.AddDays(days), DateTimeKind.Unspecified), shanghai), TimeSpan.Zero);
        var instants = Enumerable.Range(7, 30).Select(MidnightIn).ToArray();
        return [.. Enumerable.Range(0, count).Select(i => new BulkRow(
            new Guid(System.Security.Cryptography.MD5.HashData(BitConverter.GetBytes(i / 2))),
            $"{BulkStep}/1/{(i % 2 == 0 ? "warning" : "breach")}@1",
            instants[(i / 2 % 29) + (i % 2)]))];
    }

    // What HangfireTimerScheduler.ScheduleJob does for an instant (internal to TrialStartup.Messaging, so repeated here):
    // one delayed FireDueAsync job per distinct due instant (whole seconds already: WakeUpAt is the identity on them).
    private static Dictionary<DateTimeOffset, string> ScheduleInstantJobs(IBackgroundJobClient client, IEnumerable<DateTimeOffset> dueAts) =>
        dueAts.Distinct().Order().ToDictionary(wakeUpAt => wakeUpAt,
            wakeUpAt => client.Schedule<DeadlineJobs>(j => j.FireDueAsync(wakeUpAt, 0, CancellationToken.None), wakeUpAt));

    // The job id on every armed deadline of its instant, one UPDATE per instant (as the reconciliation's re-arming does);
    // bulk rows or the engine's. Returns the rows updated.
    private static async Task<int> StoreInstantJobIdsAsync(string connectionString, Dictionary<DateTimeOffset, string> jobs, bool bulk,
        CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var updated = 0;
        foreach (var (instant, jobId) in jobs)
        {
            await using var command = new NpgsqlCommand(
                "update \"Deadlines\" set \"JobId\" = @job where \"State\" = 'armed' and \"DueAt\" = @due and " +
                (bulk ? "\"StepId\" = @bulk" : "\"StepId\" <> @bulk"), connection) { CommandTimeout = 300 };
            command.Parameters.AddWithValue("job", jobId);
            command.Parameters.Add(new NpgsqlParameter("due", NpgsqlDbType.TimestampTz) { Value = instant.UtcDateTime });
            command.Parameters.AddWithValue("bulk", BulkStep);
            updated += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return updated;
    }

    private static async Task CopyDeadlinesAsync(string connectionString, List<BulkRow> rows, Guid institutionId, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var writer = await connection.BeginBinaryImportAsync(
            "copy \"Deadlines\" (\"WorkflowInstanceId\", \"TimerId\", \"SiteProjectId\", \"TrialId\", \"InstitutionId\", \"StepId\", \"Round\", \"Kind\", " +
            "\"DueAt\", \"CalendarId\", \"CalendarHash\", \"State\", \"ArmedAt\") from stdin (format binary)", cancellationToken);
        var now = DateTimeOffset.UtcNow;
        foreach (var row in rows)
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(row.InstanceId, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(row.TimerId, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(row.InstanceId, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(row.InstanceId, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(institutionId, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(BulkStep, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(1, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteAsync(row.TimerId.Contains("warning", StringComparison.Ordinal) ? "warning" : "breach", NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(row.DueAt.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
            await writer.WriteAsync(Calendar, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync("bulk", NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(DeadlineStates.Armed, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(now.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
        }

        await writer.CompleteAsync(cancellationToken);
    }

    private static async Task<(Guid InstitutionId, List<(Guid ProjectId, string Code)> Projects)> SeedProjectsAsync(IServiceProvider services, int count,
        CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
        var now = DateTimeOffset.UtcNow;
        var sponsor = new Sponsor(Guid.CreateVersion7(), "bench-sponsor", "Bench Pharma");
        var institutions = Enumerable.Range(1, 3)
            .Select(n => new Institution(Guid.CreateVersion7(), $"bench-site-{n}", $"Bench Hospital {n}", $"Bench Ethics Committee {n}", Calendar, false, null))
            .ToList();
        db.Sponsors.Add(sponsor);
        db.Institutions.AddRange(institutions);
        var projects = new List<(Guid, string)>(count);
        for (var t = 0; t < count; t++)
        {
            var institution = institutions[t % institutions.Count];
            var trial = new Trial(Guid.CreateVersion7(), sponsor.Id, $"DL-{t:000000}", $"Deadline bench trial {t}", "III", "drug",
                innovative: false, multiCenter: false, institution.Id, now);
            db.Trials.Add(trial);
            db.TrialSites.Add(new TrialSite(trial.Id, institution.Id));
            var project = new SiteProject(Guid.CreateVersion7(), trial.Id, institution.Id, sponsor.Id, SiteRole.Single,
                institution.Workflows.For(SiteRole.Single, innovative: false), Guid.CreateVersion7(), now);
            project.MarkSubmitted(now);
            db.SiteProjects.Add(project);
            projects.Add((project.Id, institution.Code));
        }

        await db.SaveChangesAsync(cancellationToken);
        return (institutions[0].Id, projects);
    }

    // As SiteProjectsApi.SubmitAsync: StartWorkflow through ProjectCommands, which arms the intake's warning and breach
    // (HangfireTimerScheduler: a delayed job each, its id stored on the DeadlineRow).
    private static async Task StartWorkflowsAsync(IServiceProvider services, List<(Guid ProjectId, string Code)> projects, int concurrency,
        CancellationToken cancellationToken)
    {
        var done = 0;
        var failures = new ConcurrentQueue<string>();
        await Parallel.ForEachAsync(projects, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (item, ct) =>
            {
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
                var commands = scope.ServiceProvider.GetRequiredService<ProjectCommands>();
                var project = await db.SiteProjects.SingleAsync(p => p.Id == item.ProjectId, ct);
                var office = new Actor($"bench-{item.Code}-office", "Bench Site Office", Roles.SiteOffice, item.Code);
                var result = await commands.RunAsync(project, "submit-dossier",
                    new StartWorkflow(Guid.CreateVersion7(), project.WorkflowInstanceId, office, project.DefinitionId, null, Calendar,
                        new Dictionary<string, string> { ["innovative"] = "false" }),
                    null, null, ct);
                if (!result.IsAccepted || result.IsRepeat)
                {
                    failures.Enqueue($"{item.ProjectId}: {result.Status} {result.Refusal?.Code} {result.Refusal?.Message}");
                }

                var n = Interlocked.Increment(ref done);
                if (n % Math.Max(1, projects.Count / 4) == 0)
                {
                    Console.WriteLine($"  started {n}/{projects.Count}");
                }
            });
        if (!failures.IsEmpty)
        {
            throw new InvalidOperationException($"{failures.Count} starts refused, e.g. {failures.First()}");
        }
    }

    private static async Task<long[]> ScalarsAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 300 };
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return [.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? 0 : Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture))];
    }

    private static async Task<Dictionary<string, long>> SizesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand("select pg_database_size(current_database())", connection))
        {
            result["database"] = (long)(await command.ExecuteScalarAsync())!;
        }

        await using (var command = new NpgsqlCommand(
            "select case when n.nspname = 'public' then c.relname else n.nspname || '.' || c.relname end, pg_total_relation_size(c.oid) " +
            "from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relkind = 'r' and n.nspname in ('public', 'hangfire')", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                result[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        result["hangfire (all)"] = result.Where(r => r.Key.StartsWith("hangfire.", StringComparison.Ordinal)).Sum(r => r.Value);
        return result;
    }

    private static void PrintSizes(List<(string Label, Dictionary<string, long> Bytes)> sizes)
    {
        Console.WriteLine();
        Console.WriteLine("sizes in MB (pg_database_size; pg_total_relation_size = table + indexes + TOAST):");
        Console.WriteLine($"| table | {string.Join(" | ", sizes.Select(s => s.Label))} |");
        Console.WriteLine($"|---|{string.Concat(sizes.Select(_ => "---:|"))}");
        foreach (var table in new[] { "database", "hangfire (all)" }.Concat(SizeTables))
        {
            Console.WriteLine($"| {table} | {string.Join(" | ", sizes.Select(s => s.Bytes.TryGetValue(table, out var b) ? (b / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) : "–"))} |");
        }
    }
}
