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
using TrialStartup.Data.Hosting;
using TrialStartup.Data.Organisations;
using TrialStartup.Data.Trials;
using TrialStartup.Messaging.Timers;
using TrialStartup.MessagingBench;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Commands;

/// <summary>
/// Turnaround timers at scale on Hangfire with PostgreSQL storage, in four phases on a fresh database:
/// (A) P single-site projects started through ProjectCommands with the Hangfire timer scheduler (two intake deadlines
/// and two delayed jobs each, as the Api arms them); (B) the rest of the open deadlines up to O seeded in bulk
/// (DeadlineRows by COPY, due in 7–37 days, one delayed job each scheduled through BackgroundJobClient and its id
/// stored); (C) K Worker processes start (Hangfire servers; the start-up reconciliation runs over every armed deadline);
/// (D) the engine's 2 × P deadlines are made due evenly over a window starting a few seconds ahead (DueAt moved, a new
/// delayed job each) and the bench waits until every one is fired, then reads fired-at − due per deadline.
/// </summary>
internal static class DeadlineBench
{
    private const string Calendar = "cn-mainland";
    private const string BulkStep = "bulk-intake";
    private static readonly string[] SizeTables =
        ["Deadlines", "Events", "Outbox", "Audit", "Alerts", "SiteProjectStatus", "hangfire.job", "hangfire.state", "hangfire.jobparameter",
            "hangfire.jobqueue", "hangfire.set", "hangfire.hash", "hangfire.counter"];

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
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddTrialStartupCore(core, dataFolder);
            // The Api's timer services: HangfireTimerScheduler as the engine's scheduler, PostgreSQL storage, no server.
            services.AddTrialStartupTimers(new TrialStartupOptions.TimerSettings { RunServer = false });
            await using var provider = services.BuildServiceProvider();
            await using (var scope = provider.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>().Database.MigrateAsync(cancellationToken);
            }

            _ = provider.GetRequiredService<JobStorage>(); // creates the hangfire schema
            var client = provider.GetRequiredService<IBackgroundJobClient>();
            Console.WriteLine($"database {database.Name}; {options.Projects} engine projects, {options.Open:#,0} open deadlines in all, " +
                $"window {options.Window.TotalSeconds:0} s, {options.Workers} worker(s)");
            sizes.Add(("empty (migrated, hangfire schema)", await SizesAsync(database.ConnectionString)));

            // (A) The engine path.
            var (institutionId, projects) = await SeedProjectsAsync(provider, options.Projects, cancellationToken);
            var started = Stopwatch.StartNew();
            await StartWorkflowsAsync(provider, projects, options.SetupConcurrency, cancellationToken);
            var engineSeconds = started.Elapsed.TotalSeconds;
            var engine = await ScalarsAsync(database.ConnectionString,
                $"select count(*), count(\"JobId\") from \"Deadlines\" where \"State\" = 'armed'");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"(A) engine path: {projects.Count} projects started (StartWorkflow through ProjectCommands, concurrency {options.SetupConcurrency}) in {engineSeconds:0.0} s = " +
                $"{projects.Count / engineSeconds:0.0} projects/s; {engine[0]} armed deadlines, {engine[1]} with a Hangfire job id = {engine[0] / engineSeconds:0.0} deadlines/s; " +
                $"extrapolated to 50,000 projects (100,000 deadlines): {50_000 / (projects.Count / engineSeconds) / 60:0.0} min"));
            if (engine[0] != 2 * projects.Count || engine[1] != engine[0])
            {
                throw new InvalidOperationException($"expected {2 * projects.Count} armed deadlines with job ids, found {engine[0]} / {engine[1]}");
            }

            sizes.Add(($"after (A): {engine[0]:#,0} deadlines", await SizesAsync(database.ConnectionString)));

            // (B) The rest in bulk.
            var bulkCount = Math.Max(0, options.Open - (int)engine[0]);
            if (bulkCount > 0)
            {
                var rows = BulkRows(institutionId, bulkCount);
                var copy = Stopwatch.StartNew();
                await CopyDeadlinesAsync(database.ConnectionString, rows, institutionId, cancellationToken);
                var copySeconds = copy.Elapsed.TotalSeconds;
                var schedule = Stopwatch.StartNew();
                var jobIds = await ScheduleAsync(client, rows, options.ScheduleConcurrency, cancellationToken);
                var scheduleSeconds = schedule.Elapsed.TotalSeconds;
                var store = Stopwatch.StartNew();
                await StoreJobIdsAsync(database.ConnectionString, rows, jobIds, cancellationToken);
                var storeSeconds = store.Elapsed.TotalSeconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"(B) bulk: {bulkCount:#,0} DeadlineRows by COPY in {copySeconds:0.0} s ({bulkCount / copySeconds:#,0} rows/s); " +
                    $"{bulkCount:#,0} delayed jobs (BackgroundJobClient.Schedule, {options.ScheduleConcurrency} at a time) in {scheduleSeconds:0.0} s = {bulkCount / scheduleSeconds:#,0} jobs/s; " +
                    $"job ids stored in {storeSeconds:0.0} s; total {copySeconds + scheduleSeconds + storeSeconds:0.0} s"));
                sizes.Add(($"after (B): {options.Open:#,0} open deadlines", await SizesAsync(database.ConnectionString)));
            }

            if (options.DirectConcurrency > 0)
            {
                var direct = await FireDirectlyAsync(provider, database, options, cancellationToken);
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
                $"{string.Join(", ", reconciled.Select(r => $"{r.Key} {r.Value:0.0} s"))}; pids {string.Join(", ", workers.Select(w => w.Id))}"));
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

    private static async Task<int> FireAsync(PostgresDatabase database, IBackgroundJobClient client, DeadlineOptions options,
        IReadOnlyList<WorkerProcess> workers, CancellationToken cancellationToken)
    {
        // The engine's deadlines, in a fixed random order, made due evenly over the window.
        var set = new List<BulkRow>();
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
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
        var all = set.OrderBy(_ => random.Next()).ToList();
        var warmup = all.Take(Math.Min(options.WarmupDeadlines, all.Count / 2)).ToList();
        var shuffled = all.Skip(warmup.Count).ToList();
        if (warmup.Count > 0)
        {
            // Not measured: the fresh Workers' code gets compiled and optimised (tiered compilation, dynamic PGO).
            var warmStart = DateTimeOffset.FromUnixTimeSeconds((DateTimeOffset.UtcNow + TimeSpan.FromSeconds(3 + warmup.Count / 150.0)).ToUnixTimeSeconds());
            var warmRows = warmup.Select(r => r with { DueAt = warmStart }).ToList();
            await MoveDueAsync(database.ConnectionString, warmRows, cancellationToken);
            await StoreJobIdsAsync(database.ConnectionString, warmRows, await ScheduleAsync(client, warmRows, options.ScheduleConcurrency, cancellationToken),
                cancellationToken);
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

        // Lead time: enough to schedule the new jobs at the rate (B) showed (~200–400 jobs/s here), plus a margin.
        var lead = TimeSpan.FromSeconds(10 + shuffled.Count / 150.0);
        // Whole seconds, as the engine's deadlines are (the start of a local day); all at one instant with --window-s 0.
        var start = DateTimeOffset.FromUnixTimeSeconds((DateTimeOffset.UtcNow + lead).ToUnixTimeSeconds() + 1);
        var step = shuffled.Count > 1 ? options.Window / (shuffled.Count - 1) : TimeSpan.Zero;
        var rows = shuffled.Select((r, i) => r with { DueAt = start + TimeSpan.FromSeconds(Math.Floor((step * i).TotalSeconds)) }).ToList();
        var arm = Stopwatch.StartNew();
        await MoveDueAsync(database.ConnectionString, rows, cancellationToken);

        var jobIds = await ScheduleAsync(client, rows, options.ScheduleConcurrency, cancellationToken);
        await StoreJobIdsAsync(database.ConnectionString, rows, jobIds, cancellationToken);
        var armedBy = DateTimeOffset.UtcNow;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"(D) {rows.Count:#,0} engine deadlines re-armed (DueAt moved, new delayed job each) in {arm.Elapsed.TotalSeconds:0.0} s; " +
            $"first due {(start - armedBy).TotalSeconds:0.0} s after that, last {(rows[^1].DueAt - armedBy).TotalSeconds:0.0} s after"));
        if (armedBy > start)
        {
            Console.WriteLine("  warning: re-arming finished after the first deadline fell due");
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

        // Per deadline: fired-at (ClosedAt, the firing command's clock) − due; and Hangfire's own steps of the job that
        // fired it (the latest job id stored: the re-armed one). state.createdat is UTC without a zone.
        var samples = new List<(double Delay, double? Enqueued, double? Fetched, double? Ran)>();
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("""
                select extract(epoch from d."ClosedAt" - d."DueAt") * 1000,
                       extract(epoch from (select min(s.createdat) from hangfire.state s where s.jobid = d."JobId"::bigint and s.name = 'Enqueued') - (d."DueAt" at time zone 'UTC')) * 1000,
                       extract(epoch from (select min(s.createdat) from hangfire.state s where s.jobid = d."JobId"::bigint and s.name = 'Processing') - (d."DueAt" at time zone 'UTC')) * 1000,
                       extract(epoch from (select min(s.createdat) from hangfire.state s where s.jobid = d."JobId"::bigint and s.name = 'Succeeded') - (d."DueAt" at time zone 'UTC')) * 1000
                from "Deadlines" d where 
                """ + measured, connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                double? Optional(int i) => reader.IsDBNull(i) ? null : (double)reader.GetDecimal(i);
                samples.Add(((double)reader.GetDecimal(0), Optional(1), Optional(2), Optional(3)));
            }
        }

        var closed = await ScalarsAsync(database.ConnectionString,
            $"select (extract(epoch from min(\"ClosedAt\")) * 1000)::bigint, (extract(epoch from max(\"ClosedAt\")) * 1000)::bigint from \"Deadlines\" where {measured}");
        var once = await ScalarsAsync(database.ConnectionString, """
            select count(*), coalesce(max(c), 0), coalesce(sum(c), 0) from (
              select "StreamId", ("Data"::jsonb)->>'timerId' as timer, count(*) as c from "Events" where "Type" = 'timer-fired' group by 1, 2) x
            """);
        var jobStates = await ScalarsAsync(database.ConnectionString,
            "select count(*) filter (where statename = 'Succeeded'), count(*) filter (where statename = 'Failed'), count(*) filter (where statename = 'Scheduled'), " +
            "count(*) filter (where statename = 'Enqueued'), count(*) filter (where statename = 'Processing') from hangfire.job");
        var alerts = (await ScalarsAsync(database.ConnectionString, "select count(*) from \"Alerts\""))[0];

        var windowS = (closed[1] - closed[0]) / 1000.0;
        var fromFirstDue = (closed[1] - start.ToUnixTimeMilliseconds()) / 1000.0;
        var delays = samples.Select(s => s.Delay).ToList();
        string Row(string what, IReadOnlyCollection<double> values) => values.Count == 0 ? $"| {what} | – | – | – | – |" :
            $"| {what} | {Percentiles.Ms(Percentiles.Of(values, 50))} | {Percentiles.Ms(Percentiles.Of(values, 99))} | {Percentiles.Ms(values.Max())} | {values.Count:#,0} |";
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"(D) fired {fired:#,0} of {rows.Count:#,0} deadlines due over {options.Window.TotalSeconds:0} s ({rows.Count / Math.Max(1, options.Window.TotalSeconds):0.0}/s due); " +
            $"last fired {fromFirstDue:0.0} s after the first due = {fired / Math.Max(0.001, fromFirstDue):0.0} fired/s; first→last firing {windowS:0.0} s = {fired / Math.Max(0.001, windowS):0.0} fired/s"));
        Console.WriteLine("| ms after due | p50 | p99 | max | n |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Console.WriteLine(Row("fired (DeadlineRow.ClosedAt − DueAt)", delays));
        Console.WriteLine(Row("its job enqueued (Hangfire state)", [.. samples.Where(s => s.Enqueued is not null).Select(s => s.Enqueued!.Value)]));
        Console.WriteLine(Row("its job processing", [.. samples.Where(s => s.Fetched is not null).Select(s => s.Fetched!.Value)]));
        Console.WriteLine(Row("its job succeeded", [.. samples.Where(s => s.Ran is not null).Select(s => s.Ran!.Value)]));
        var firedBeforeJob = samples.Count(s => s.Fetched is null || s.Fetched > s.Delay);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fired before its own job started (by the minutely sweep or another path): {firedBeforeJob:#,0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cpu during firing ({cpu.Seconds:0.0} s): {cpu.Describe()}; per fired deadline: workers {cpu.Workers * cpu.Seconds / Math.Max(1, fired) * 1000:0.0} ms, " +
            $"postgres {(cpu.Postgres ?? 0) * cpu.Seconds / Math.Max(1, fired) * 1000:0.0} ms; PostgreSQL commits {commits:#,0} ({commits / cpu.Seconds:#,0}/s, {(double)commits / Math.Max(1, fired):0.0} per firing)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"timer-fired events: {once[2]:#,0} for {once[0]:#,0} timers, at most {once[1]} per timer (expected {all.Count:#,0} with the warm-up's, exactly 1 each); alerts {alerts:#,0}; " +
            $"hangfire jobs: succeeded {jobStates[0]:#,0}, failed {jobStates[1]}, scheduled {jobStates[2]:#,0}, enqueued {jobStates[3]:#,0}, processing {jobStates[4]}"));
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            // What the firing commands answered (a lost race is audited as a refusal with code concurrency-conflict).
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(
                "select \"Accepted\", coalesce(\"Outcome\", ''), count(*) from \"Audit\" where \"Action\" = 'fire-deadline' group by 1, 2 order by 3 desc", connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var answers = new List<string>();
            while (await reader.ReadAsync(cancellationToken))
            {
                answers.Add(string.Create(CultureInfo.InvariantCulture, $"{(reader.GetBoolean(0) ? "accepted" : "refused")} {reader.GetString(1)}: {reader.GetInt64(2):#,0}"));
            }

            Console.WriteLine($"fire-deadline audit entries: {string.Join("; ", answers)}");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"jobs that started processing before their DueAt: {samples.Count(x => x.Fetched < 0):#,0}"));
        var late = samples.Count(s => s.Ran is { } ran && s.Delay > ran + 1_000);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fired more than 1 s after its own job had succeeded (the job did not fire it; the sweep did later): {late:#,0}"));
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

    // Without Hangfire: the bench process itself calls DeadlineFiring.FireIfDueAsync (what each job does) for every
    // engine deadline, already due, N at a time. The cost of a firing without Hangfire's per-job machinery.
    private static async Task<int> FireDirectlyAsync(IServiceProvider provider, PostgresDatabase database, DeadlineOptions options,
        CancellationToken cancellationToken)
    {
        var set = new List<BulkRow>();
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(
                "select \"WorkflowInstanceId\", \"TimerId\" from \"Deadlines\" where \"State\" = 'armed' and \"StepId\" <> @bulk order by 1, 2", connection);
            command.Parameters.AddWithValue("bulk", BulkStep);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                set.Add(new BulkRow(reader.GetGuid(0), reader.GetString(1), DateTimeOffset.UtcNow.AddSeconds(-1)));
            }
        }

        await MoveDueAsync(database.ConnectionString, set, cancellationToken);
        var random = new Random(42);
        var all = set.OrderBy(_ => random.Next()).ToList();
        var firing = new DeadlineFiring(provider.GetRequiredService<IServiceScopeFactory>(), TimeProvider.System);
        async Task<(int Fired, double Seconds)> RunAsync(List<BulkRow> rows)
        {
            var fired = 0;
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = options.DirectConcurrency, CancellationToken = cancellationToken },
                async (row, ct) =>
                {
                    if (await firing.FireIfDueAsync(row.InstanceId, row.TimerId, ct))
                    {
                        Interlocked.Increment(ref fired);
                    }
                });
            return (fired, clock.Elapsed.TotalSeconds);
        }

        var warmup = all.Take(Math.Min(options.WarmupDeadlines, all.Count / 2)).ToList();
        var measuredRows = all.Skip(warmup.Count).ToList();
        var warm = await RunAsync(warmup);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"(D') warm-up: {warm.Fired} fired directly in {warm.Seconds:0.0} s (not reported)"));
        var cpuBefore = CpuMeter.Read([]);
        var commitsBefore = await database.CommitsAsync();
        var result = await RunAsync(measuredRows);
        var cpu = CpuMeter.Between(cpuBefore, CpuMeter.Read([]));
        var commits = await database.CommitsAsync() - commitsBefore;
        var once = await ScalarsAsync(database.ConnectionString, """
            select count(*), coalesce(max(c), 0), coalesce(sum(c), 0) from (
              select "StreamId", ("Data"::jsonb)->>'timerId' as timer, count(*) as c from "Events" where "Type" = 'timer-fired' group by 1, 2) x
            """);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"(D') without Hangfire: {result.Fired:#,0} of {measuredRows.Count:#,0} due deadlines fired by DeadlineFiring.FireIfDueAsync in the bench process, " +
            $"{options.DirectConcurrency} at a time, in {result.Seconds:0.0} s = {result.Fired / result.Seconds:0.0} fired/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cpu ({cpu.Seconds:0.0} s): {cpu.Describe()}; per firing: bench (the firing process) {cpu.Self * cpu.Seconds / Math.Max(1, result.Fired) * 1000:0.0} ms, " +
            $"postgres {(cpu.Postgres ?? 0) * cpu.Seconds / Math.Max(1, result.Fired) * 1000:0.0} ms; PostgreSQL commits {commits:#,0} ({(double)commits / Math.Max(1, result.Fired):0.0} per firing)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"timer-fired events: {once[2]:#,0} for {once[0]:#,0} timers, at most {once[1]} per timer (expected {all.Count:#,0})"));
        var ok = result.Fired == measuredRows.Count && once[0] == all.Count && once[1] == 1;
        Console.WriteLine(ok ? "exactly once: ok" : "exactly once: FAILED (or not all fired)");
        return ok ? 0 : 1;
    }

    private static async Task MoveDueAsync(string connectionString, List<BulkRow> rows, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "update \"Deadlines\" d set \"DueAt\" = u.due from unnest(@ids, @timers, @dues) as u(id, timer, due) " +
            "where d.\"WorkflowInstanceId\" = u.id and d.\"TimerId\" = u.timer", connection);
        command.Parameters.AddWithValue("ids", rows.Select(r => r.InstanceId).ToArray());
        command.Parameters.AddWithValue("timers", rows.Select(r => r.TimerId).ToArray());
        command.Parameters.Add(new NpgsqlParameter("dues", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = rows.Select(r => r.DueAt.UtcDateTime).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record BulkRow(Guid InstanceId, string TimerId, DateTimeOffset DueAt);

    // Two deadlines (warning, breach) per fake project, due between 7 and 37 days from now: they stay armed during the run.
    private static List<BulkRow> BulkRows(Guid institutionId, int count)
    {
        _ = institutionId;
        var now = DateTimeOffset.UtcNow;
        var span = TimeSpan.FromDays(30) / Math.Max(1, count);
        return [.. Enumerable.Range(0, count).Select(i => new BulkRow(
            new Guid(System.Security.Cryptography.MD5.HashData(BitConverter.GetBytes(i / 2))),
            $"{BulkStep}/1/{(i % 2 == 0 ? "warning" : "breach")}@1",
            now + TimeSpan.FromDays(7) + span * i))];
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

    // What HangfireTimerScheduler.ScheduleAsync does per deadline (the same job, the same storage), without the per-row update.
    private static async Task<string[]> ScheduleAsync(IBackgroundJobClient client, List<BulkRow> rows, int concurrency, CancellationToken cancellationToken)
    {
        var ids = new string[rows.Count];
        var done = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, rows.Count), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            (i, _) =>
            {
                var row = rows[i];
                ids[i] = client.Schedule<DeadlineJobs>(j => j.FireAsync(row.InstanceId, row.TimerId, CancellationToken.None), row.DueAt);
                var n = Interlocked.Increment(ref done);
                if (n % 20_000 == 0)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  scheduled {n:#,0} ({n / clock.Elapsed.TotalSeconds:#,0}/s)"));
                }

                return ValueTask.CompletedTask;
            });
        return ids;
    }

    private static async Task StoreJobIdsAsync(string connectionString, List<BulkRow> rows, string[] jobIds, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        foreach (var chunk in Enumerable.Range(0, rows.Count).Chunk(5_000))
        {
            await using var command = new NpgsqlCommand(
                "update \"Deadlines\" d set \"JobId\" = u.job from unnest(@ids, @timers, @jobs) as u(id, timer, job) " +
                "where d.\"WorkflowInstanceId\" = u.id and d.\"TimerId\" = u.timer", connection);
            command.Parameters.AddWithValue("ids", chunk.Select(i => rows[i].InstanceId).ToArray());
            command.Parameters.AddWithValue("timers", chunk.Select(i => rows[i].TimerId).ToArray());
            command.Parameters.AddWithValue("jobs", chunk.Select(i => jobIds[i]).ToArray());
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
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
            var project = new SiteProject(Guid.CreateVersion7(), trial.Id, institution.Id, sponsor.Id, "single",
                institution.Workflows.For("single", innovative: false), Guid.CreateVersion7(), now);
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
