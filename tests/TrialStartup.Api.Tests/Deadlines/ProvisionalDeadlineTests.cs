namespace TrialStartup.Api.Tests.Deadlines;

using System.Text.Json;
using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Tests.Alerts;
using TrialStartup.Api.Tests.Deployment;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Monitoring;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Data.Deadlines;
using TrialStartup.Messaging.Timers;
using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// December 2026, before the State Council's 2027 notice is in the calendar file: the whole path is accepted, deadlines that
/// reach into 2027 are counted on the statutory rule and shown as provisional; when the file gains 2027 and the host
/// restarts, each provisional deadline still open is rescheduled once, re-armed one job per instant, and fires once at its
/// new instant; another restart changes nothing.
/// </summary>
public sealed class ProvisionalDeadlineTests : IDisposable
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private readonly WorkflowsCopy _workflows = new();

    private string CalendarFile => _workflows.CnMainlandCalendar;

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task December2026_PathAccepted_ProvisionalShown_ThenTheNoticeReschedulesOpenDeadlinesOnce(string database)
    {
        var connection = database == "postgres" ? PostgresServer.CreateDatabase("provisional")
            : $"Data Source={Path.Combine(_workflows.Scratch, "trialstartup.db")}";
        Guid activated, open;
        await using (var before = Host(database, connection, At(2026, 12, 14, 9), runTimers: false))
        {
            // One project goes the whole standard path through the holidays; its later steps' targets reach into 2027.
            activated = await Reviewing.InParallelReviewAsync(before, DemoIds.Shanghai);
            var ethics = (await DeadlinesAsync(before, activated)).Single(d => d is { StepId: "ethics-review", Kind: "breach" });
            Assert.Equal((At(2027, 1, 6, 0), true), (ethics.DueAt, ethics.Provisional));
            open = await Journey.SubmittedSingleSiteAsync(before, DemoIds.Shanghai);

            before.Clock.Advance(At(2026, 12, 21, 10) - before.Clock.GetUtcNow());
            await Reviewing.DecideAsync(before, open, DemoIds.Shanghai, Roles.SiteOffice, "intake", "complete");
            await Reviewing.DecideAsync(before, activated, DemoIds.Shanghai, Roles.ApprovalOffice, "institutional-approval", "approve");
            await Reviewing.DecideAsync(before, activated, DemoIds.Shanghai, Roles.EthicsCommittee, "ethics-review", "approve", "full-board");
            await Reviewing.DecideAsync(before, activated, DemoIds.Shanghai, Roles.ContractOffice, "contract-review", "agreed");
            await Reviewing.DecideAsync(before, activated, DemoIds.Shanghai, Roles.ContractOffice, "contract-signing", "signed");
            var meeting = await Journey.DetailAsync(before, activated, DemoIds.Shanghai);
            var meetingTask = meeting.GetProperty("openTasks").EnumerateArray().Single();
            Assert.Equal(("startup-meeting", true), (meetingTask.Str("stepId"), meetingTask.GetProperty("dueProvisional").GetBoolean()));
            var done = await Reviewing.DecideAsync(before, activated, DemoIds.Shanghai, Roles.PrincipalInvestigator, "startup-meeting", "held");
            Assert.Equal(("ended", "activated"), (done.GetProperty("status").Str("status"), done.GetProperty("status").Str("result")));

            // The open project: on the rule, contract review is due 6 January, the ethics warning 6 January and the ethics
            // target 13 January, all provisional; the approval deadlines and the contract warning end in 2026.
            var detail = await Journey.DetailAsync(before, open, DemoIds.Shanghai);
            var deadlines = Deadlines(detail);
            Assert.Equal((At(2027, 1, 6, 0), true), deadlines[("contract-review", "breach")]);
            Assert.Equal((At(2027, 1, 6, 0), true), deadlines[("ethics-review", "warning")]);
            Assert.Equal((At(2027, 1, 13, 0), true), deadlines[("ethics-review", "breach")]);
            Assert.Equal((At(2026, 12, 29, 0), false), deadlines[("institutional-approval", "breach")]);
            Assert.Equal((At(2026, 12, 31, 0), false), deadlines[("contract-review", "warning")]);
            var inbox = await Reviewing.WholeInboxAsync(before.ClientFor(DemoIds.Shanghai, Roles.EthicsCommittee));
            var ethicsTask = inbox.Single(t => t.GetProperty("siteProjectId").GetGuid() == open);
            Assert.Equal((At(2027, 1, 13, 0), true), (ethicsTask.GetProperty("dueAt").GetDateTimeOffset(), ethicsTask.GetProperty("dueProvisional").GetBoolean()));
        }

        // The administrator adds 2027's notice and restarts the host; its start-up reconciliation reschedules.
        // A made-up notice (4 January off, Saturday 9 January worked), shared with the engine's tests.
        await File.AppendAllTextAsync(CalendarFile, "\n" + await File.ReadAllTextAsync(RepositoryFiles.PathOf("tests/fixtures/cn-mainland-2027-test-notice.yaml")));
        var announced = WorkingDayCalendarLoader.Load(CalendarFile);
        Assert.Equal(2027, announced.LastAnnouncedYear);
        await using (var after = Host(database, connection, At(2026, 12, 22, 8), runTimers: true))
        {
            // Reconciled: recomputed on the new file, then every future deadline given a job this host's storage holds.
            var storage = after.Services.GetRequiredService<JobStorage>();
            var armed = await Eventually.ValueAsync(
                async () => (await DeadlinesAsync(after, open)).Where(d => d.State == DeadlineStates.Armed).ToList(),
                rows => rows.All(d => d.CalendarHash == announced.ContentHash && d.JobId is not null && JobOf(storage, d.JobId) is not null),
                "the open project's deadlines recomputed and re-armed");

            var detail = await Journey.DetailAsync(after, open, DemoIds.Shanghai);
            var moved = History(detail, "timer-rescheduled").ToDictionary(e => (e.Str("stepId"), e.Str("kind")));
            Assert.Equal(3, moved.Count); // one event for each provisional deadline, none for the others
            Assert.Equal((At(2027, 1, 6, 0), At(2027, 1, 7, 0)), Moved(moved[("contract-review", "breach")]));
            Assert.Equal((At(2027, 1, 6, 0), At(2027, 1, 7, 0)), Moved(moved[("ethics-review", "warning")]));
            Assert.Equal((At(2027, 1, 13, 0), At(2027, 1, 13, 0)), Moved(moved[("ethics-review", "breach")])); // 4 Jan off, 9 Jan worked
            Assert.Empty(History(await Journey.DetailAsync(after, activated, DemoIds.Shanghai), "timer-rescheduled")); // ended: nothing open
            var contract = detail.GetProperty("deadlines").EnumerateArray().Single(d => d.Str("stepId") == "contract-review" && d.Str("kind") == "breach");
            Assert.Equal(At(2027, 1, 6, 0), contract.GetProperty("previousDueAt").GetDateTimeOffset());
            Assert.Contains("'cn-mainland' changed: it now lists holiday notices up to 2027", contract.Str("rescheduleReason"), StringComparison.Ordinal);
            Assert.DoesNotContain(detail.GetProperty("deadlines").EnumerateArray(), d => d.GetProperty("provisional").GetBoolean());
            var contractTask = detail.GetProperty("openTasks").EnumerateArray().Single(t => t.Str("stepId") == "contract-review");
            Assert.Equal((At(2027, 1, 7, 0), At(2027, 1, 6, 0), false), (contractTask.GetProperty("dueAt").GetDateTimeOffset(),
                contractTask.GetProperty("duePreviously").GetDateTimeOffset(), contractTask.GetProperty("dueProvisional").GetBoolean()));

            // One job per due instant, shared by the deadlines due then. Hangfire runs a job at its instant by the real clock,
            // so once the real date passes January 2027 the jobs have run (and found nothing due on the host's clock).
            foreach (var instant in armed.Where(d => d.DueAt > after.Clock.GetUtcNow()).GroupBy(d => d.DueAt))
            {
                var job = JobOf(storage, Assert.Single(instant.Select(d => d.JobId).Distinct())!)!;
                Assert.Equal(nameof(DeadlineJobs.FireDueAsync), job.Job.Method.Name);
                if (instant.Key > DateTimeOffset.UtcNow.AddMinutes(5))
                {
                    Assert.Equal(ScheduledState.StateName, job.State);
                }
            }

            // The old instant finds nothing of the moved deadlines; the new one fires each once.
            var jobs = after.Services.GetRequiredService<DeadlineJobs>();
            after.Clock.Advance(At(2027, 1, 6, 0, 5) - after.Clock.GetUtcNow());
            await jobs.FireDueAsync(At(2027, 1, 6, 0), 0, default);
            var firedAtTheOldInstant = History(await Journey.DetailAsync(after, open, DemoIds.Shanghai), "timer-fired")
                .Select(e => (e.Str("stepId"), e.Str("kind"))).ToList();
            Assert.DoesNotContain(("contract-review", "breach"), firedAtTheOldInstant);
            Assert.DoesNotContain(("ethics-review", "warning"), firedAtTheOldInstant);
            after.Clock.Advance(At(2027, 1, 7, 0, 5) - after.Clock.GetUtcNow());
            await jobs.FireDueAsync(At(2027, 1, 7, 0), 0, default);
            await jobs.FireDueAsync(At(2027, 1, 7, 0), 0, default);
            var fired = History(await Journey.DetailAsync(after, open, DemoIds.Shanghai), "timer-fired").Select(e => (e.Str("stepId"), e.Str("kind"))).ToList();
            Assert.Equal(1, fired.Count(f => f == ("contract-review", "breach")));
            Assert.Equal(1, fired.Count(f => f == ("ethics-review", "warning")));
            Assert.DoesNotContain(("ethics-review", "breach"), fired);
        }

        // A restart on the same file finds every armed deadline computed on it already.
        await using (var again = Host(database, connection, At(2027, 1, 7, 8), runTimers: false))
        {
            var historyBefore = (await Journey.DetailAsync(again, open, DemoIds.Shanghai)).GetProperty("history").GetArrayLength();
            var (movedAgain, projects) = await again.Services.GetRequiredService<DeadlineRescheduling>().RescheduleAsync(_ => Task.CompletedTask, default);

            Assert.Equal((0, 0), (movedAgain, projects));
            Assert.Equal(historyBefore, (await Journey.DetailAsync(again, open, DemoIds.Shanghai)).GetProperty("history").GetArrayLength());
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task ProvisionalDeadline_WhenItFires_IsMarkedProvisionalInTheAlertsAndTheMonitoring(string database)
    {
        await using var api = new ClockedApiFactory(database, At(2026, 12, 14, 9));
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);

        // The ethics target, 6 January 2027 on the rule, passes with the review still open.
        var breach = await Firing.FireAsync(api, project, "ethics-review", "breach");

        Assert.True(breach.Provisional);
        var alerts = await Firing.AlertsOfAsync(api, DemoIds.Shanghai, Roles.EthicsCommittee, project);
        var alert = alerts.Single(a => a.Str("kind") == "breach");
        Assert.Equal((At(2027, 1, 6, 0), true), (alert.GetProperty("dueAt").GetDateTimeOffset(), alert.GetProperty("provisional").GetBoolean()));
        var escalation = (await Firing.AlertsOfAsync(api, DemoIds.Shanghai, Roles.OfficeHead, project)).Single();
        Assert.True(escalation.GetProperty("provisional").GetBoolean());
        var approvalWarning = await Firing.FireAsync(api, project, "institutional-approval", "warning"); // 18 December: announced
        Assert.False((await Firing.AlertsOfAsync(api, DemoIds.Shanghai, Roles.ApprovalOffice, project)).Single().GetProperty("provisional").GetBoolean());
        Assert.False(approvalWarning.Provisional);

        var steps = await Monitor.StepRowsAsync(api.ClientFor(DemoIds.Shanghai, Roles.OfficeHead));
        var ethics = steps[("standard-site-startup", "ethics-review")];
        Assert.Equal((1, 1), (ethics.GetProperty("currentBreaches").GetInt32(), ethics.GetProperty("provisionalBreaches").GetInt32()));
    }

    public void Dispose() => _workflows.Dispose();

    private ClockedApiFactory Host(string database, string connection, DateTimeOffset start, bool runTimers) =>
        new(database, start, connection, new Dictionary<string, string>
        {
            [_workflows.Setting.Key] = _workflows.Setting.Value,
            ["TrialStartup:Timers:RunServer"] = runTimers ? "true" : "false",
        });

    private static Hangfire.Storage.JobData? JobOf(JobStorage storage, string jobId)
    {
        using var connection = storage.GetConnection();
        return connection.GetJobData(jobId);
    }

    private static DateTimeOffset At(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, Beijing);

    private static Task<List<DeadlineRow>> DeadlinesAsync(ApiFactory api, Guid project) =>
        api.WithDbAsync(db => db.Deadlines.AsNoTracking().Where(d => d.SiteProjectId == project).ToListAsync());

    // The project detail's armed and fired deadlines by step and kind: (due, provisional).
    private static Dictionary<(string, string), (DateTimeOffset, bool)> Deadlines(JsonElement detail) =>
        detail.GetProperty("deadlines").EnumerateArray().Where(d => d.Str("state") != DeadlineStates.Cancelled)
            .ToDictionary(d => (d.Str("stepId"), d.Str("kind")), d => (d.GetProperty("dueAt").GetDateTimeOffset(), d.GetProperty("provisional").GetBoolean()));

    private static IEnumerable<JsonElement> History(JsonElement detail, string type) =>
        detail.GetProperty("history").EnumerateArray().Where(h => h.Str("type") == type).Select(h => h.GetProperty("event"));

    private static (DateTimeOffset, DateTimeOffset) Moved(JsonElement e) =>
        (e.GetProperty("previousDueAt").GetDateTimeOffset(), e.GetProperty("dueAt").GetDateTimeOffset());

}
