namespace TrialStartup.Api.Tests.Deadlines;

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Data.Deadlines;
using TrialStartup.Messaging.Hosting;
using TrialStartup.Workflows.Definitions;
using Xunit.Abstractions;

/// <summary>
/// Real Hangfire on PostgreSQL storage with real Worker processes: deadlines that fall due while no Worker runs fire
/// once each after the restart, with two Workers sharing the storage, and none fires for a step completed meanwhile;
/// future deadlines whose jobs were lost get one job per due instant again. The deadlines are armed on 29 December 2026,
/// so half of them (the intake targets, due 5 January) are provisional: counted on the statutory rule for 2027.
/// </summary>
public sealed class HangfireRestartTests(ITestOutputHelper output)
{
    private const int OpenProjects = 250; // two deadlines each (warning and breach of the intake): 500
    private const int CompletedProjects = 20;
    private const int FutureProjects = 10;

    [PostgresFact]
    public async Task DeadlinesDueWhileTheWorkersWereDown_AfterARestartWithTwoWorkers_FireExactlyOnceEach()
    {
        var database = PostgresServer.CreateDatabase("hangfire500");
        // Every process runs on the test's dates, whatever day the test runs on: the Api arms on 29 December 2026, the
        // Workers come back on 12 January 2027, when everything armed then is due.
        var armedOn = new DateTimeOffset(2026, 12, 29, 10, 0, 0, TimeSpan.FromHours(8));
        var workersBackOn = new DateTimeOffset(2027, 1, 12, 9, 0, 0, TimeSpan.FromHours(8));
        var workersShift = ShiftedClock.To(workersBackOn);
        var dataFolder = Path.Combine(Path.GetTempPath(), "trialstartup-hangfire-" + Guid.NewGuid().ToString("N"));
        var environment = new Dictionary<string, string>
        {
            ["TrialStartup__Database__Provider"] = "postgres",
            ["TrialStartup__Database__ConnectionString"] = database,
            ["TrialStartup__DataFolder"] = dataFolder,
            ["Logging__LogLevel__TrialStartup.Messaging.Timers"] = "Information", // the reconciliation's counts, for a failure
            ["TrialStartup__ClockShift"] = workersShift.ToString("c", CultureInfo.InvariantCulture),
        };

        // The Api's clock stands two weeks before the Workers', so everything armed now is due when they are back: the
        // deadlines fell due "while they were down". The Api only schedules (no Hangfire server of its own in the tests).
        await using var api = new ClockedApiFactory("postgres", armedOn, database);
        _ = api.Server;
        await using (var first = HostProcess.Start("TrialStartup.Worker", "worker-before", environment, serveHttp: true))
        {
            try
            {
                await first.WaitReadyAsync(TimeSpan.FromSeconds(90)); // it ran, created Hangfire's schema, and is stopped below
                // Killed in the middle of its reconciliation it would leave the re-arming lease held for two minutes.
                await Eventually.TrueAsync(() => Task.FromResult(first.Tail(400).Contains("Deadlines reconciled", StringComparison.Ordinal)),
                    "worker-before reconciled");
            }
            catch
            {
                output.WriteLine($"--- {first.Name} ---\n{first.Tail()}");
                throw;
            }
        }

        var open = await ParallelAsync(OpenProjects, () => Journey.SubmittedSingleSiteAsync(api, DemoIds.Shanghai));
        var completed = await ParallelAsync(CompletedProjects, async () =>
        {
            var project = await Journey.SubmittedSingleSiteAsync(api, DemoIds.Shanghai);
            await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.SiteOffice, "intake", "complete");
            return project;
        });
        var armed = await api.WithDbAsync(db => db.Deadlines.Where(d => open.Contains(d.SiteProjectId) && d.State == DeadlineStates.Armed)
            .Select(d => new { d.Kind, d.Provisional }).ToListAsync());
        Assert.Equal(2 * OpenProjects, armed.Count);
        // Intake, 3 working days from Tuesday 29 December: 30 and 31 December (the warning, announced), then 4 January on the rule.
        Assert.Equal(OpenProjects, armed.Count(d => d is { Kind: "breach", Provisional: true }));

        // Deadlines still ahead by the Workers' clock whose jobs were lost (say, the storage was restored from an older
        // backup): due at the next two midnights in Beijing, no job.
        var future = await ParallelAsync(FutureProjects, () => Journey.SubmittedSingleSiteAsync(api, DemoIds.Shanghai));
        var workersNow = DateTimeOffset.UtcNow + workersShift;
        var midnight = new DateTimeOffset(workersNow.ToOffset(TimeSpan.FromHours(8)).Date.AddDays(2), TimeSpan.FromHours(8));
        foreach (var (kind, due) in new[] { ("warning", midnight.ToUniversalTime()), ("breach", midnight.AddDays(1).ToUniversalTime()) })
        {
            await api.WithDbAsync(db => db.Deadlines.Where(d => future.Contains(d.SiteProjectId) && d.Kind == kind)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.DueAt, due).SetProperty(d => d.JobId, (string?)null)));
        }

        api.Clock.Advance(workersNow - api.Clock.GetUtcNow()); // the Api is back on the Workers' day too
        await using var worker1 = HostProcess.Start("TrialStartup.Worker", "worker-1", environment, serveHttp: true);
        await using var worker2 = HostProcess.Start("TrialStartup.Worker", "worker-2", environment, serveHttp: true);
        try
        {
            await worker1.WaitReadyAsync(TimeSpan.FromSeconds(90));
            await worker2.WaitReadyAsync(TimeSpan.FromSeconds(90));
            var started = DateTimeOffset.UtcNow;
            await Eventually.TrueAsync(() => api.WithDbAsync(db => db.Deadlines.AllAsync(d => !open.Contains(d.SiteProjectId) || d.State == DeadlineStates.Fired)),
                "every deadline of the open projects fired", TimeSpan.FromMinutes(5));
            output.WriteLine($"{2 * OpenProjects} deadlines fired {(DateTimeOffset.UtcNow - started).TotalSeconds:0.0} s after both workers were ready");

            // Exactly once: one timer-fired event per timer, none for the steps completed while the workers were down.
            var fired = await api.WithDbAsync(db => db.Events.AsNoTracking().Where(e => e.Type == "timer-fired")
                .Join(db.SiteProjects, e => e.StreamId, p => p.WorkflowInstanceId, (e, p) => new { p.Id, e.Data }).ToListAsync());
            var timers = fired.Select(f => (f.Id, TimerId: System.Text.Json.JsonDocument.Parse(f.Data).RootElement.GetProperty("timerId").GetString()!))
                .ToList();
            var perTimer = timers.Where(t => open.Contains(t.Id)).GroupBy(t => t).Select(g => g.Count()).ToList();
            Assert.Equal(2 * OpenProjects, perTimer.Count);
            Assert.All(perTimer, count => Assert.Equal(1, count));

            // The completed projects' reviews opened with October deadlines too and may fire; their intake never does.
            Assert.DoesNotContain(timers, t => completed.Contains(t.Id) && t.TimerId.StartsWith("intake/", StringComparison.Ordinal));
            var cancelled = await api.WithDbAsync(db => db.Deadlines.CountAsync(d => completed.Contains(d.SiteProjectId) && d.StepId == "intake"
                && d.State == DeadlineStates.Cancelled));
            Assert.Equal(2 * CompletedProjects, cancelled);

            // The lost jobs: one waiting job per due instant again, shared by all ten projects' deadlines of that instant.
            // The reconciliation re-arms after it has fired the backlog, so a moment after the last firing.
            var rearmed = await Eventually.ValueAsync(
                () => api.WithDbAsync(db => db.Deadlines.AsNoTracking().Where(d => future.Contains(d.SiteProjectId))
                    .Select(d => new { d.Kind, d.State, d.JobId }).ToListAsync()),
                all => all.Count(d => d.State == DeadlineStates.Armed && d.JobId != null) == 2 * FutureProjects,
                "every future deadline re-armed", TimeSpan.FromMinutes(3));
            foreach (var kind in rearmed.GroupBy(d => d.Kind))
            {
                var jobId = long.Parse(Assert.Single(kind.Select(d => d.JobId).Distinct())!, System.Globalization.CultureInfo.InvariantCulture);
                var job = await api.WithDbAsync(db => db.Database
                    .SqlQuery<string>($"SELECT statename || ' ' || invocationdata AS \"Value\" FROM hangfire.job WHERE id = {jobId}").SingleAsync());
                Assert.StartsWith("Scheduled ", job, StringComparison.Ordinal);
                Assert.Contains("FireDueAsync", job, StringComparison.Ordinal);
            }
        }
        catch
        {
            foreach (var host in new[] { worker1, worker2 })
            {
                output.WriteLine($"--- {host.Name} ---\n{host.Tail()}");
            }

            throw;
        }
        finally
        {
            if (Directory.Exists(dataFolder))
            {
                Directory.Delete(dataFolder, recursive: true);
            }
        }
    }

    private static async Task<List<Guid>> ParallelAsync(int count, Func<Task<Guid>> create)
    {
        using var gate = new SemaphoreSlim(4);
        return [.. await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            await gate.WaitAsync();
            try
            {
                return await create();
            }
            finally
            {
                gate.Release();
            }
        }))];
    }
}
