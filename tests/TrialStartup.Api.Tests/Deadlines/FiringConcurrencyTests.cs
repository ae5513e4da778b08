namespace TrialStartup.Api.Tests.Deadlines;

using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Data.Audit;
using TrialStartup.Data.Deadlines;
using TrialStartup.Messaging.Timers;

/// <summary>
/// <c>Timers:FiringConcurrency</c>: how many instances one firing run fires at once. On PostgreSQL it is the setting; on
/// SQLite, which has one writer, always 1 whatever the setting. Observed by holding every firing at the start of its save
/// (an EF Core interceptor, before anything is written) and counting how many are held at once.
/// </summary>
public sealed class FiringConcurrencyTests
{
    private const int Instances = 8;
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(8));

    // How long to go on looking once the expected number of firings is held. Not a measure of anything: a run that did not
    // respect the bound would have started its other firings together with these, a few queries each (milliseconds).
    private static readonly TimeSpan LookLonger = TimeSpan.FromSeconds(1);

    [PostgresTheory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task FiringRun_WhenOnPostgres_FiresAsManyInstancesAtOnceAsFiringConcurrencySays(int concurrency)
    {
        var (heldAtOnce, most) = await FireHeldAsync("postgres", concurrency, expected: concurrency);

        Assert.Equal(concurrency, heldAtOnce);
        Assert.Equal(concurrency, most);
    }

    [Fact]
    public async Task FiringRun_WhenOnSqlite_FiresOneInstanceAtATimeWhateverFiringConcurrencySays()
    {
        var (heldAtOnce, most) = await FireHeldAsync("sqlite", concurrency: 4, expected: 1);

        Assert.Equal(1, heldAtOnce);
        Assert.Equal(1, most);
    }

    // Eight instances whose intake warnings are due fired by one run, their saves held until `expected` of them wait
    // together; returns how many waited at once then, and the most ever in flight over the whole run.
    private static async Task<(int HeldAtOnce, int Most)> FireHeldAsync(string database, int concurrency, int expected)
    {
        var gate = new FiringGate();
        await using var api = new ObservedApiFactory(database, Monday,
            settings: new Dictionary<string, string> { ["TrialStartup:Timers:FiringConcurrency"] = concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            services: services => HostInterceptors.Add(services, database, gate));
        var projects = new List<Guid>();
        for (var i = 0; i < Instances; i++)
        {
            projects.Add(await Journey.SubmittedSingleSiteAsync(api, DemoIds.Shanghai));
        }

        var warnings = await IntakeWarningsAsync(api, projects);
        api.Clock.Advance(warnings.Max(d => d.DueAt) + TimeSpan.FromMinutes(1) - api.Clock.GetUtcNow());
        var firing = api.Services.GetRequiredService<DeadlineFiring>();

        var run = firing.FireAllDueAsync(default); // one run: one claimed batch of the eight instances
        int heldAtOnce;
        try
        {
            await Eventually.TrueAsync(() => Task.FromResult(gate.InFlight >= expected), $"{expected} firings held at once (held: {gate.InFlight})",
                TimeSpan.FromSeconds(20));
            await Task.Delay(LookLonger);
            heldAtOnce = gate.InFlight;
        }
        finally
        {
            gate.Open();
        }

        Assert.Equal(Instances, await run);
        Assert.All(await IntakeWarningsAsync(api, projects), d => Assert.Equal(DeadlineStates.Fired, d.State));
        return (heldAtOnce, gate.Most);
    }

    private static Task<List<DeadlineRow>> IntakeWarningsAsync(ApiFactory api, List<Guid> projects) =>
        api.WithDbAsync(db => db.Deadlines.AsNoTracking()
            .Where(d => projects.Contains(d.SiteProjectId) && d.StepId == "intake" && d.Kind == "warning").ToListAsync());

    /// <summary>
    /// Holds every save that records a deadline firing (its <c>fire-deadline</c> audit entry goes in with the events) until
    /// opened, counting the firings in flight: from the start of the save to its end.
    /// </summary>
    private sealed class FiringGate : SaveChangesInterceptor
    {
        private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ConcurrentDictionary<DbContext, byte> _firing = new(ReferenceEqualityComparer.Instance);
        private int _inFlight;
        private int _most;

        public int InFlight => Volatile.Read(ref _inFlight);

        public int Most => Volatile.Read(ref _most);

        public void Open() => _opened.TrySetResult();

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            if (eventData.Context is { } context && IsFiring(context) && _firing.TryAdd(context, 0))
            {
                var now = Interlocked.Increment(ref _inFlight);
                for (var seen = Most; now > seen; seen = Most)
                {
                    Interlocked.CompareExchange(ref _most, now, seen);
                }

                await _opened.Task.WaitAsync(cancellationToken);
            }

            return result;
        }

        public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            Leave(eventData.Context);
            return ValueTask.FromResult(result);
        }

        public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            Leave(eventData.Context);
            return Task.CompletedTask;
        }

        public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
        {
            Leave(eventData.Context);
            return Task.CompletedTask;
        }

        private static bool IsFiring(DbContext context) =>
            context.ChangeTracker.Entries<AuditEntry>().Any(e => e.State == EntityState.Added && e.Entity.Action == DeadlineFiring.Action);

        private void Leave(DbContext? context)
        {
            if (context is not null && _firing.TryRemove(context, out _))
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }
}
