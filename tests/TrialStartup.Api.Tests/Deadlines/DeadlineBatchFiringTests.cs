namespace TrialStartup.Api.Tests.Deadlines;

using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Data.Deadlines;
using TrialStartup.Data.Leases;
using TrialStartup.Messaging.Timers;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Api.Tests.TestServers;

/// <summary>
/// Deadlines fall due together (local midnight), so they share one timer job per due instant and are fired in claimed
/// batches: concurrent runs split a backlog without trying a deadline twice, a backlog larger than a batch calls in a
/// helper run, a claim left by a run that died holds until it expires, and one sweep works at a time.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DeadlineBatchFiringTests
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(8));
    private static readonly Dictionary<string, string> SmallBatches = new() { ["TrialStartup:Timers:FiringBatchSize"] = "5" };

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task DeadlinesDueAtOneInstant_ShareOneJob_WhichStaysAndFindsNothingWhenAllAreCancelled(string database)
    {
        await using var api = new ClockedApiFactory(database, Monday);
        var projects = await SubmittedAsync(api, 2);
        api.Clock.Advance(TimeSpan.FromHours(3)); // armed later the same day: due at the same midnight all the same
        projects.AddRange(await SubmittedAsync(api, 2));
        var storage = api.Services.GetRequiredService<JobStorage>();

        var intake = await IntakeAsync(api, projects);
        var jobs = intake.GroupBy(d => d.Kind).ToDictionary(g => g.Key, g => Assert.Single(g.Select(d => d.JobId).Distinct()));
        Assert.Equal(8, intake.Count);
        Assert.NotEqual(jobs["warning"], jobs["breach"]);
        Assert.All(jobs.Values, job => Assert.Equal(ScheduledState.StateName, StateOf(storage, job)));

        foreach (var project in projects.Skip(1))
        {
            await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.SiteOffice, "intake", "complete");
        }

        Assert.All(jobs.Values, job => Assert.Equal(ScheduledState.StateName, StateOf(storage, job))); // the first project's still count on them

        // The last one closed, the jobs stay (deleting and scheduling them again would cost more than one idle run)...
        await Reviewing.DecideAsync(api, projects[0], DemoIds.Shanghai, Roles.SiteOffice, "intake", "complete");
        Assert.All(jobs.Values, job => Assert.Equal(ScheduledState.StateName, StateOf(storage, job)));
        Assert.All(await IntakeAsync(api, projects), d => Assert.Equal(DeadlineStates.Cancelled, d.State));

        // ...and when they run, they find nothing to fire: no deadline changes, no alert is raised.
        var firing = api.Services.GetRequiredService<DeadlineJobs>();
        var breachDue = intake.First(d => d.Kind == "breach").DueAt;
        api.Clock.Advance(breachDue - api.Clock.GetUtcNow() + TimeSpan.FromMinutes(1));
        await firing.FireDueAsync(HangfireTimerScheduler.WakeUpAt(intake.First(d => d.Kind == "warning").DueAt), 0, default);
        await firing.FireDueAsync(HangfireTimerScheduler.WakeUpAt(breachDue), 0, default);
        Assert.All(await IntakeAsync(api, projects), d => Assert.Equal(DeadlineStates.Cancelled, d.State));
        Assert.False(await api.WithDbAsync(db => db.Alerts.AnyAsync(a => a.StepId == "intake")));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task ConcurrentRuns_SplitABacklog_EachDeadlineTriedAndFiredOnce(string database)
    {
        await using var api = new ClockedApiFactory(database, Monday, settings: SmallBatches);
        var projects = await SubmittedAsync(api, 20);
        var warningDue = (await IntakeAsync(api, projects)).First(d => d.Kind == "warning").DueAt;
        api.Clock.Advance(warningDue - api.Clock.GetUtcNow() + TimeSpan.FromMinutes(1));
        var firing = api.Services.GetRequiredService<DeadlineFiring>();
        var jobs = api.Services.GetRequiredService<DeadlineJobs>();

        await Task.WhenAll(firing.FireAllDueAsync(default), firing.FireAllDueAsync(default), firing.FireAllDueAsync(default),
            jobs.FireDueAsync(warningDue, 0, default)); // three sweeps (say, of three Workers) and the instant's job

        var intake = await IntakeAsync(api, projects);
        Assert.All(intake.Where(d => d.Kind == "warning"), d => Assert.Equal(DeadlineStates.Fired, d.State));
        Assert.All(intake.Where(d => d.Kind == "breach"), d => Assert.Equal(DeadlineStates.Armed, d.State));
        var instances = intake.Select(d => d.WorkflowInstanceId).Distinct().ToList();
        var firedEvents = await api.WithDbAsync(db => db.Events.AsNoTracking()
            .Where(e => e.Type == "timer-fired" && instances.Contains(e.StreamId)).CountAsync());
        Assert.Equal(20, firedEvents);

        // Every firing attempt is audited: 20 entries means no run tried a deadline another had claimed.
        var attempts = await api.WithDbAsync(db => db.Audit.AsNoTracking()
            .Where(a => a.Action == DeadlineFiring.Action && projects.Contains(a.ResourceId)).CountAsync());
        Assert.Equal(20, attempts);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task ABacklogLargerThanABatch_CallsInOneHelperRun_AndAHelperCallsInNoMore(string database)
    {
        await using var api = new ClockedApiFactory(database, Monday, settings: SmallBatches);
        var projects = await SubmittedAsync(api, 12);
        var intake = await IntakeAsync(api, projects);
        var (warningDue, breachDue) = (intake.First(d => d.Kind == "warning").DueAt, intake.First(d => d.Kind == "breach").DueAt);
        var jobs = api.Services.GetRequiredService<DeadlineJobs>();
        var monitoring = api.Services.GetRequiredService<JobStorage>().GetMonitoringApi();

        api.Clock.Advance(warningDue - api.Clock.GetUtcNow());
        await jobs.FireDueAsync(warningDue, 0, default); // the instant's own job: 12 due, batches of 5

        var helper = Assert.Single(monitoring.EnqueuedJobs("default", 0, 10)).Value.Job;
        Assert.Equal((nameof(DeadlineJobs.FireDueAsync), 1), (helper.Method.Name, Convert.ToInt32(helper.Args[1], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All((await IntakeAsync(api, projects)).Where(d => d.Kind == "warning"), d => Assert.Equal(DeadlineStates.Fired, d.State));

        api.Clock.Advance(breachDue - api.Clock.GetUtcNow());
        await jobs.FireDueAsync(breachDue, 1, default); // a helper run (Timers:FiringRuns is 2) works alone

        Assert.Equal(1, monitoring.EnqueuedCount("default"));
        Assert.All(await IntakeAsync(api, projects), d => Assert.Equal(DeadlineStates.Fired, d.State));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task AClaimLeftByARunThatDied_HoldsUntilItExpires(string database)
    {
        await using var api = new ClockedApiFactory(database, Monday);
        var projects = await SubmittedAsync(api, 1);
        var warning = (await IntakeAsync(api, projects)).First(d => d.Kind == "warning");
        api.Clock.Advance(warning.DueAt - api.Clock.GetUtcNow() + TimeSpan.FromMinutes(1));
        var claimedUntil = api.Clock.GetUtcNow() + TimeSpan.FromMinutes(2);
        await api.WithDbAsync(db => db.Deadlines.Where(d => d.WorkflowInstanceId == warning.WorkflowInstanceId && d.TimerId == warning.TimerId)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimedUntil, claimedUntil).SetProperty(d => d.ClaimToken, Guid.NewGuid())));
        var firing = api.Services.GetRequiredService<DeadlineFiring>();

        Assert.Equal(0, await firing.FireAllDueAsync(default));
        Assert.Equal(DeadlineStates.Armed, (await IntakeAsync(api, projects)).Single(d => d.Kind == "warning").State);

        api.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await firing.FireAllDueAsync(default));
        Assert.Equal(DeadlineStates.Fired, (await IntakeAsync(api, projects)).Single(d => d.Kind == "warning").State);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task ASweep_WhileAnotherWorksThroughABacklog_ReturnsAtOnceInsteadOfQueueing(string database)
    {
        await using var api = new ClockedApiFactory(database, Monday);
        var projects = await SubmittedAsync(api, 3);
        var warningDue = (await IntakeAsync(api, projects)).First(d => d.Kind == "warning").DueAt;
        api.Clock.Advance(warningDue - api.Clock.GetUtcNow() + TimeSpan.FromMinutes(1));
        var jobs = api.Services.GetRequiredService<DeadlineJobs>();
        var held = await api.WithDbAsync(db => new LeaseStore(db)
            .TryAcquireAsync(DeadlineJobs.SweepJobId, "another-worker", api.Clock.GetUtcNow(), TimeSpan.FromMinutes(2), default));
        Assert.True(held);

        await jobs.SweepAsync(default); // the other sweep holds the lease: nothing fired, nothing waited for

        Assert.All((await IntakeAsync(api, projects)).Where(d => d.Kind == "warning"), d => Assert.Equal(DeadlineStates.Armed, d.State));

        await api.WithDbAsync(async db =>
        {
            await new LeaseStore(db).ReleaseAsync(DeadlineJobs.SweepJobId, "another-worker", default);
            return true;
        });
        await jobs.SweepAsync(default);

        Assert.All((await IntakeAsync(api, projects)).Where(d => d.Kind == "warning"), d => Assert.Equal(DeadlineStates.Fired, d.State));
        var lease = await api.WithDbAsync(db => db.Leases.AsNoTracking().SingleAsync(l => l.Name == DeadlineJobs.SweepJobId));
        Assert.True(lease.ExpiresAt < api.Clock.GetUtcNow(), "a finished sweep gives its lease up");
    }

    [Theory]
    [InlineData("FiringBatchSize", "0")]
    [InlineData("FiringRuns", "0")]
    [InlineData("ClaimDuration", "00:00:00")]
    public async Task TimerSettingsThatWouldNeverFire_AreRefusedAtStartUp_NamingTheSetting(string setting, string value)
    {
        await using var api = new ClockedApiFactory("sqlite", Monday, settings: new Dictionary<string, string> { [$"TrialStartup:Timers:{setting}"] = value });

        var refused = Assert.Throws<InvalidOperationException>(() => api.Server);

        Assert.Contains($"TrialStartup:Timers:{setting} is ", refused.Message, StringComparison.Ordinal);
    }

    private static async Task<List<Guid>> SubmittedAsync(ApiFactory api, int count)
    {
        var projects = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            projects.Add(await Journey.SubmittedSingleSiteAsync(api, DemoIds.Shanghai));
        }

        return projects;
    }

    private static Task<List<DeadlineRow>> IntakeAsync(ApiFactory api, List<Guid> projects) =>
        api.WithDbAsync(db => db.Deadlines.AsNoTracking().Where(d => projects.Contains(d.SiteProjectId) && d.StepId == "intake").ToListAsync());

    private static string? StateOf(JobStorage storage, string? jobId)
    {
        using var connection = storage.GetConnection();
        return connection.GetJobData(jobId!)?.State;
    }
}
