// Fills a throw-away database with chained rows (events in streams, audit entries in resource chains), then times the
// full verification (`audit verify`, ChainVerifier) and the day's checkpoint on it, twice each (the second warm).
//   dotnet run -c Release --project benchmarks/TrialStartup.ChainBench -- [sqlite|postgres] [events] [audit entries]
// PostgreSQL: TRIALSTARTUP_BENCH_POSTGRES is the admin connection string (default the test server on 127.0.0.1:55432).
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Data;
using TrialStartup.Data.Audit;
using TrialStartup.Data.Chains;
using TrialStartup.Data.Events;
using TrialStartup.Data.Providers;
using TrialStartup.MessagingBench;

const int LinksPerChain = 50;
const int RowsPerSave = 10_000;
var provider = args.ElementAtOrDefault(0) ?? "sqlite";
var events = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
var audit = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;

PostgresDatabase? postgres = null;
var folder = Directory.CreateTempSubdirectory("chainbench").FullName;
string connectionString;
if (provider == "postgres")
{
    postgres = await PostgresDatabase.CreateAsync(Environment.GetEnvironmentVariable("TRIALSTARTUP_BENCH_POSTGRES")
        ?? "Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres", "ts_chainbench");
    connectionString = postgres.ConnectionString;
}
else
{
    connectionString = $"Data Source={Path.Combine(folder, "bench.db")}";
}

try
{
    var services = new ServiceCollection().AddLogging().AddTrialStartupDatabase(DataServiceCollectionExtensions.ParseProvider(provider), connectionString)
        .BuildServiceProvider();
    async Task<T> WithDb<T>(Func<TrialStartupDbContext, Task<T>> work)
    {
        await using var scope = services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>());
    }

    await WithDb(async db => { await db.Database.MigrateAsync(); return 0; });
    var fill = Stopwatch.StartNew();
    var at = DateTimeOffset.UtcNow.AddDays(-30);
    const string data = "{\"$type\":\"task-completed\",\"stepId\":\"ethics-review\",\"outcome\":\"approve\",\"reason\":\"meets the protocol's requirements\",\"round\":1}";
    for (var done = 0; done < events; done += RowsPerSave)
    {
        await WithDb(async db =>
        {
            for (var row = done; row < Math.Min(events, done + RowsPerSave); row += LinksPerChain)
            {
                var (stream, previous) = (Guid.CreateVersion7(), EventChain.Genesis);
                for (var version = 1; version <= LinksPerChain; version++)
                {
                    var e = new StoredEvent(stream, version, Guid.CreateVersion7(), "task-completed", data, at.AddSeconds(version), previous);
                    db.Events.Add(e);
                    previous = e.Hash!;
                }
            }

            return await db.SaveChangesAsync();
        });
    }

    // Audit entries are linked by the context as the product links them (one head look-up per chain and save).
    for (var done = 0; done < audit; done += RowsPerSave)
    {
        await WithDb(async db =>
        {
            for (var row = done; row < Math.Min(audit, done + RowsPerSave); row += LinksPerChain)
            {
                var resource = Guid.CreateVersion7();
                for (var i = 0; i < LinksPerChain; i++)
                {
                    db.Audit.Add(new AuditEntry(at.AddSeconds(i), "person-1", "Wang Fang 王芳", "ethics-committee", "shanghai-ruijin", "record-decision",
                        "site-project", resource, accepted: true, "approve", "meets the protocol's requirements", Guid.CreateVersion7()));
                }
            }

            return await db.SaveChangesAsync();
        });
    }

    Console.WriteLine($"{provider}: {events:#,0} events in {events / LinksPerChain:#,0} streams and {audit:#,0} audit entries in {audit / LinksPerChain:#,0} chains, filled in {fill.Elapsed.TotalSeconds:0} s");
    for (var run = 1; run <= 2; run++)
    {
        var watch = Stopwatch.StartNew();
        var report = await WithDb(db => new ChainVerifier(db).VerifyAsync());
        var seconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"verify, run {run}: {seconds:0.0} s, {report.Links / seconds:#,0} links/s, {1_000_000 / (report.Links / seconds):0.0} s per million links; {report}");
    }

    var clock = new ShiftedDays();
    for (var day = 1; day <= 2; day++)
    {
        var watch = Stopwatch.StartNew();
        var (checkpoint, _) = await WithDb(db => new ChainCheckpoints(db, clock).RecordTodayAsync());
        Console.WriteLine($"checkpoint of day {day}: {watch.Elapsed.TotalSeconds:0.0} s, {checkpoint.Heads:#,0} heads recorded ({(day == 1 ? "every chain" : "none moved")})");
        clock.Days++;
    }
}
finally
{
    if (postgres is not null)
    {
        await postgres.DisposeAsync();
    }

    Directory.Delete(folder, recursive: true);
}

// A clock that moves a day at a time, so the bench records two days' checkpoints.
internal sealed class ShiftedDays : TimeProvider
{
    public int Days { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddDays(Days);
}
