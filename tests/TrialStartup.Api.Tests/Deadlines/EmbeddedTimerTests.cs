namespace TrialStartup.Api.Tests.Deadlines;

using System.Collections.Concurrent;
using System.Text.Json;
using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Tests.Alerts;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Data.Deadlines;
using TrialStartup.Data.Leases;
using TrialStartup.Messaging.Hosting;
using TrialStartup.Messaging.Timers;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// The embedded default's timers as they run for a newcomer: SQLite, in-memory Hangfire with a server in the host
/// (<c>Timers:RunServer</c>), the in-memory transport. Every other test fires deadlines itself; here Hangfire's own server
/// does: an instant's job fires the deadlines due then, and after a restart (the in-memory jobs are gone) the start-up
/// reconciliation fires once what fell due while the host was down and gives the future deadlines jobs in the new storage.
/// </summary>
/// <remarks>
/// Hangfire schedules a job for an absolute instant and runs it by the real clock, while the host's clock is the test's.
/// A shifted clock would not line the two up: the job of a midnight in the host's calendar runs at that instant of real
/// time, years away or long past, never when the host's clock reaches it. So each test picks which side of real time its
/// dates are on: the firing test works in March 2026, long past in real time, where Hangfire enqueues an instant's job as
/// soon as it is scheduled; the restart test works a few years ahead, where a job stays Scheduled for the whole test.
/// </remarks>
public sealed class EmbeddedTimerTests : IDisposable
{
    private const string ReconciliationCategory = "TrialStartup.Messaging.Timers.DeadlineReconciliation";
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    // The embedded default as shipped, except the one setting ApiFactory turns off for every other test.
    private static readonly Dictionary<string, string> EmbeddedDefault = new() { ["TrialStartup:Timers:RunServer"] = "true" };

    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "trialstartup-embedded-" + Guid.NewGuid().ToString("N"));

    public EmbeddedTimerTests() => Directory.CreateDirectory(_scratch);

    [Fact]
    public async Task IntakeWarning_WhenItFallsDueOnTheEmbeddedDefault_IsFiredByItsInstantsHangfireJobAndAlertsTheSiteOffice()
    {
        // Monday 2 March 2026, long past in real time: Hangfire enqueues the job of any instant of that week at once.
        await using var api = new ObservedApiFactory("sqlite", new DateTimeOffset(2026, 3, 2, 10, 0, 0, Beijing), settings: EmbeddedDefault);
        _ = api.Server;
        await WithLogAsync(api, () => Eventually.TrueAsync(() => Task.FromResult(Reconciled(api)), "the host's start-up reconciliation"));
        var storage = api.Services.GetRequiredService<JobStorage>();

        // So the job cannot run before the host's clock reaches its instant (real time would have got there first), every
        // Hangfire worker of the host is held until the clock has moved. And the minutely sweep is held off (its lease
        // taken, as by another Worker's sweep), so nothing but the instant's own job can fire the deadline.
        var workers = api.Services.GetRequiredService<TrialStartupOptions.TimerSettings>().WorkerCount;
        using var held = HeldWorkers.Hold(api.Services.GetRequiredService<IBackgroundJobClient>(), workers);
        await Eventually.TrueAsync(() => Task.FromResult(held.Entered == workers), $"all {workers} Hangfire workers held");
        Assert.True(await api.WithDbAsync(db => new LeaseStore(db)
            .TryAcquireAsync(DeadlineJobs.SweepJobId, "another-worker", api.Clock.GetUtcNow(), TimeSpan.FromDays(30), default)));

        var project = await Journey.SubmittedSingleSiteAsync(api, DemoIds.Shanghai);
        var warning = await Firing.ArmedAsync(api, project, "intake", "warning");
        var breach = await Firing.ArmedAsync(api, project, "intake", "breach");
        Assert.Equal(nameof(DeadlineJobs.FireDueAsync), JobOf(storage, warning.JobId)?.Job.Method.Name);

        api.Clock.Advance(warning.DueAt + TimeSpan.FromMinutes(1) - api.Clock.GetUtcNow());
        held.Release();

        var fired = await WithLogAsync(api, () => Eventually.ValueAsync(() => DeadlineAsync(api, warning), d => d.State == DeadlineStates.Fired,
            "the intake warning fired by its instant's job"));
        Assert.Equal(1, await TimerFiredCountAsync(api, warning));
        var alert = await Eventually.ValueAsync(() => Firing.AlertsOfAsync(api, DemoIds.Shanghai, Roles.SiteOffice, project),
            alerts => alerts.Count > 0, "the site office's alert of the warning");
        Assert.Equal(("warning", warning.DueAt), (Assert.Single(alert).GetProperty("kind").GetString(), alert[0].GetProperty("dueAt").GetDateTimeOffset()));
        await Eventually.TrueAsync(() => Task.FromResult(JobOf(storage, fired.JobId)?.State == SucceededState.StateName), "the instant's job succeeded");

        // The breach is a day later by the host's clock: its job ran too (Hangfire's time is past it), found it not yet
        // due, and left it armed.
        Assert.Equal(DeadlineStates.Armed, (await DeadlineAsync(api, breach)).State);
        Assert.Equal(0, await TimerFiredCountAsync(api, breach));
    }

    [Fact]
    public async Task EmbeddedHost_WhenRestartedAfterADeadlineFellDue_FiresItOnceAndArmsTheFutureOneInTheNewStorage()
    {
        // A week in March a few years ahead: Hangfire keeps any job of it waiting (Scheduled) throughout the test.
        var monday = FirstMondayOfMarch(DateTimeOffset.UtcNow.Year + 3);
        var connection = $"Data Source={Path.Combine(_scratch, "trialstartup.db")}";
        Guid project;
        DeadlineRow warning, breach;
        await using (var before = new ObservedApiFactory("sqlite", monday, connection, EmbeddedDefault))
        {
            project = await Journey.SubmittedSingleSiteAsync(before, DemoIds.Shanghai);
            warning = await Firing.ArmedAsync(before, project, "intake", "warning");
            breach = await Firing.ArmedAsync(before, project, "intake", "breach");
            Assert.NotNull(warning.JobId);
            Assert.NotNull(breach.JobId);
        }

        // Down while the warning fell due: back an hour after it, before the breach.
        var backAt = warning.DueAt + TimeSpan.FromHours(1);
        Assert.True(backAt < breach.DueAt, $"the breach ({breach.DueAt}) is due after the restart ({backAt})");
        await using var after = new ObservedApiFactory("sqlite", backAt, connection, EmbeddedDefault);
        _ = after.Server;
        await WithLogAsync(after, () => Eventually.TrueAsync(() => Task.FromResult(Reconciled(after)), "the new host's start-up reconciliation"));

        // Fired by the reconciliation, before it said it was done: the minutely sweep could have come first only had a real
        // minute turned meanwhile (it would then hide a reconciliation that skips the backlog, never fail a sound one).
        var firedMeanwhile = await DeadlineAsync(after, warning);
        Assert.Equal(DeadlineStates.Fired, firedMeanwhile.State);
        Assert.Equal(1, await TimerFiredCountAsync(after, warning));

        // The old host's jobs went with its memory; the breach waits on a job of the new host's storage, for its instant.
        var rearmed = await DeadlineAsync(after, breach);
        Assert.Equal(DeadlineStates.Armed, rearmed.State);
        var job = JobOf(after.Services.GetRequiredService<JobStorage>(), rearmed.JobId);
        Assert.NotNull(job);
        Assert.Equal((ScheduledState.StateName, nameof(DeadlineJobs.FireDueAsync)), (job.State, job.Job.Method.Name));
        Assert.Equal(HangfireTimerScheduler.WakeUpAt(breach.DueAt), (DateTimeOffset)job.Job.Args[0]);
        Assert.Equal(0, await TimerFiredCountAsync(after, breach));
    }

    public void Dispose()
    {
        if (Directory.Exists(_scratch))
        {
            Directory.Delete(_scratch, recursive: true);
        }
    }

    // A wait that fails says what the host logged meanwhile (a reconciliation that failed and retries, a job that threw).
    private static async Task<T> WithLogAsync<T>(ObservedApiFactory api, Func<Task<T>> wait)
    {
        try
        {
            return await wait();
        }
        catch (Xunit.Sdk.XunitException e)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\n--- the host's log ---\n{api.Log.Tail()}");
        }
    }

    private static Task WithLogAsync(ObservedApiFactory api, Func<Task> wait) => WithLogAsync(api, async () =>
    {
        await wait();
        return true;
    });

    private static bool Reconciled(ObservedApiFactory api) =>
        api.Log.Of(ReconciliationCategory).Any(e => e.Message.StartsWith("Deadlines reconciled", StringComparison.Ordinal));

    private static DateTimeOffset FirstMondayOfMarch(int year)
    {
        var day = new DateTime(year, 3, 1, 10, 0, 0, DateTimeKind.Unspecified);
        while (day.DayOfWeek != DayOfWeek.Monday)
        {
            day = day.AddDays(1);
        }

        return new DateTimeOffset(day, Beijing);
    }

    private static Task<DeadlineRow> DeadlineAsync(ApiFactory api, DeadlineRow deadline) =>
        api.WithDbAsync(db => db.Deadlines.AsNoTracking()
            .SingleAsync(d => d.WorkflowInstanceId == deadline.WorkflowInstanceId && d.TimerId == deadline.TimerId));

    private static async Task<int> TimerFiredCountAsync(ApiFactory api, DeadlineRow deadline)
    {
        var fired = await api.WithDbAsync(db => db.Events.AsNoTracking()
            .Where(e => e.StreamId == deadline.WorkflowInstanceId && e.Type == "timer-fired").Select(e => e.Data).ToListAsync());
        return fired.Count(data => JsonDocument.Parse(data).RootElement.GetProperty("timerId").GetString() == deadline.TimerId);
    }

    private static Hangfire.Storage.JobData? JobOf(JobStorage storage, string? jobId)
    {
        if (jobId is null)
        {
            return null;
        }

        using var connection = storage.GetConnection();
        return connection.GetJobData(jobId);
    }

    /// <summary>
    /// Jobs that occupy a host's Hangfire workers until the test releases them: what is enqueued meanwhile waits its turn.
    /// Public because Hangfire runs only public methods.
    /// </summary>
    public static class HeldWorkers
    {
        private static readonly ConcurrentDictionary<Guid, Holding> Holdings = new();

        /// <summary>Enqueues one holding job per worker.</summary>
        public static Holding Hold(IBackgroundJobClient jobs, int workers)
        {
            ArgumentNullException.ThrowIfNull(jobs);
            var holding = new Holding();
            Holdings[holding.Id] = holding;
            for (var i = 0; i < workers; i++)
            {
                jobs.Enqueue(() => WaitAsync(holding.Id, CancellationToken.None));
            }

            return holding;
        }

        /// <summary>The job: holds its worker until released (or the server stops).</summary>
        public static async Task WaitAsync(Guid holding, CancellationToken cancellationToken)
        {
            // A holding job that starts after its test has ended has nothing to wait for.
            if (Holdings.TryGetValue(holding, out var held))
            {
                held.Enter();
                await held.Released.WaitAsync(cancellationToken);
            }
        }

        public sealed class Holding : IDisposable
        {
            private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
            private int _entered;

            public Guid Id { get; } = Guid.NewGuid();

            /// <summary>How many workers are held.</summary>
            public int Entered => Volatile.Read(ref _entered);

            internal Task Released => _released.Task;

            public void Release() => _released.TrySetResult();

            public void Dispose()
            {
                Release();
                Holdings.TryRemove(Id, out _);
            }

            internal void Enter() => Interlocked.Increment(ref _entered);
        }
    }
}
