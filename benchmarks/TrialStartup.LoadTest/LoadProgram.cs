namespace TrialStartup.LoadTest;

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

/// <summary>
/// Drives full standard start-up paths through a running host's HTTP API, concurrently, and reports throughput and
/// latency per request kind. Not a top-level program: the referenced API assembly already has a global <c>Program</c>.
/// </summary>
internal static class LoadProgram
{
    public static async Task<int> Main(string[] args)
    {
        var options = LoadOptions.Parse(args, Console.Error);
        if (options is null)
        {
            return 2;
        }

        // Each path in flight waits on a request; without this the pool grows a thread or two a second at the start.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, options.Concurrency * 2), Math.Max(io, options.Concurrency * 2));

        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
        };
        using var spread = new RoundRobin(options.Urls) { InnerHandler = handler };
        using var http = new HttpClient(spread, disposeHandler: false) { BaseAddress = options.Urls[0], Timeout = TimeSpan.FromSeconds(120) };
        var credentials = new Credentials(http, options.Password, options.Signers);
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        foreach (var url in options.Urls)
        {
            if (!await ReadyAsync(http, url, cancel.Token))
            {
                return 2;
            }
        }

        // Protocol numbers are unique per sponsor; a run id keeps repeated runs against one database apart (and names
        // the run's API clients).
        var runId = DateTimeOffset.UtcNow.ToString("yyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..4];
        try
        {
            // Everyone signs in now (one password hash each on the host), and the institutions' systems are created and
            // get their first tokens, not during the measured paths.
            await credentials.SignInAllAsync(StartupPath.InstitutionRoles, cancel.Token);
            await credentials.CreateSystemsAsync(runId, StartupPath.InstitutionRoles, cancel.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or KeyNotFoundException or JsonException)
        {
            Console.Error.WriteLine(e.Message);
            await credentials.RevokeSystemsAsync(Console.Error);
            return 2;
        }

        try
        {
            return await MeasureAsync(options, http, credentials, runId, cancel);
        }
        finally
        {
            // Best effort: a client left over only clutters the institution's list of API clients (revoked ones stay listed).
            await credentials.RevokeSystemsAsync(Console.Out);
        }
    }

    private static async Task<int> MeasureAsync(LoadOptions options, HttpClient http, Credentials credentials, string runId,
        CancellationTokenSource cancel)
    {
        Console.WriteLine($"TrialStartup load: {string.Join(" + ", options.Urls)} projects={options.Projects} concurrency={options.Concurrency} " +
            $"warmup={options.Warmup} idempotency-keys={(options.IdempotencyKeys ? "on" : "off")} " +
            $"signers={options.Signers.ToString().ToLowerInvariant()} run={runId}");
        Console.WriteLine(options.Signers == Signers.Systems
            ? $"signers: the institutions' systems, one API client each for this run ({credentials.DescribeSystems()}), signing with meaning and printed name"
            : "signers: the institutions' people, each decision signed with the signer's password");

        if (options.Warmup > 0)
        {
            var warmLog = new RequestLog(options.ShowErrors);
            var warm = await RunAsync(new StartupPath(http, credentials, warmLog, runId + "-w", options.IdempotencyKeys), options.Warmup,
                Math.Min(options.Concurrency, options.Warmup), cancel.Token);
            if (warm.Failed > 0)
            {
                Console.WriteLine($"warm-up: {warm.Failed} of {options.Warmup} paths failed; stopping. First failures:");
                PrintErrors(warmLog);
                return 1;
            }
        }

        var log = new RequestLog(options.ShowErrors);
        var path = new StartupPath(http, credentials, log, runId, options.IdempotencyKeys);
        var cpu = new CpuSampler(options.HostPids);
        long? commitsBefore = options.PostgresStats is { } pg ? await PostgresCommits.ReadAsync(pg, cancel.Token) : null;
        var cpuBefore = cpu.Read();
        var result = await RunAsync(path, options.Projects, options.Concurrency, cancel.Token);
        var cpuAfter = cpu.Read();
        long? commitsAfter = options.PostgresStats is { } pg2 ? await PostgresCommits.ReadAsync(pg2, CancellationToken.None) : null;

        var seconds = result.Elapsed.TotalSeconds;
        Console.WriteLine();
        Report.Write(Console.Out, log, seconds);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"projects: {result.Succeeded} activated, {result.Failed} failed, in {seconds:0.00} s = {result.Succeeded / seconds:0.00} projects/s"));
        if (commitsBefore is { } c0 && commitsAfter is { } c1)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"postgres: {c1 - c0} commits = {(c1 - c0) / seconds:0} commits/s ({(c1 - c0) / (double)Math.Max(1, result.Succeeded + result.Failed):0.0} per project)"));
        }

        var requests = log.Snapshot(null).Durations.Length;
        foreach (var line in CpuSampler.Describe(cpuBefore, cpuAfter, result.Succeeded + result.Failed, requests))
        {
            Console.WriteLine("cpu: " + line);
        }

        if (log.FirstErrors.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("first failures:");
            PrintErrors(log);
        }

        return result.Failed == 0 && !cancel.IsCancellationRequested ? 0 : 1;
    }

    private static async Task<(int Succeeded, int Failed, TimeSpan Elapsed)> RunAsync(StartupPath path, int projects, int concurrency,
        CancellationToken cancellationToken)
    {
        var next = -1;
        var succeeded = 0;
        var failed = 0;
        var started = Stopwatch.GetTimestamp();
        // A fixed set of workers each taking the next path number: exactly `concurrency` paths in flight until the end.
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < projects && !cancellationToken.IsCancellationRequested)
            {
                if (await path.RunAsync(index, cancellationToken))
                {
                    Interlocked.Increment(ref succeeded);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }, cancellationToken));
        await Task.WhenAll(workers);
        return (succeeded, failed, Stopwatch.GetElapsedTime(started));
    }

    // Waits a little for a host that is still starting (migrating, seeding), so the program can follow the host's start.
    private static async Task<bool> ReadyAsync(HttpClient http, Uri url, CancellationToken cancellationToken)
    {
        string? why = null;
        for (var attempt = 0; attempt < 30 && !cancellationToken.IsCancellationRequested; attempt++)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(url, "/health/ready"), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }

                why = $"is not ready: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}";
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                why = $"does not answer: {e.Message}";
            }
            catch (OperationCanceledException)
            {
                return false;
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        Console.Error.WriteLine($"{url} {why}");
        return false;
    }

    private static void PrintErrors(RequestLog log)
    {
        foreach (var error in log.FirstErrors)
        {
            Console.WriteLine("  " + error);
        }
    }
}
