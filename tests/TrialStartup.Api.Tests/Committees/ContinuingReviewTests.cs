namespace TrialStartup.Api.Tests.Committees;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Committees;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.Tests.Alerts;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Data.Accounts;
using TrialStartup.Data.Committees;
using TrialStartup.Messaging.Timers;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// One clocked host per database for the continuing-review tests: they approve projects and move the clock forward
/// (never back) to hold reviews after the approval. Every test works on projects of its own.
/// </summary>
public sealed class ContinuingReviewHosts() : HostsPerDatabase<ClockedApiFactory>(database => new ClockedApiFactory(database, Start))
{
    // Monday 2 March 2026, 09:00 in Shanghai: inside the shipped calendar's announced years.
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));
}

/// <summary>
/// Issue 19's continuing review (跟踪审查): the ethics approval starts a schedule due a year later; the secretary
/// shortens it (never beyond a year, never before the approval) and records the reviews held; the committee's list
/// shows each approved project upcoming, due soon or overdue in working days of the institution's calendar, and the
/// reviews falling due raise alerts like turnaround deadlines.
/// </summary>
public sealed class ContinuingReviewTests(ContinuingReviewHosts hosts) : IClassFixture<ContinuingReviewHosts>
{
    private static readonly Uri List = new("/api/v1/ethics-committee/continuing-reviews", UriKind.Relative);

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task ContinuingReview_FallingDue_IsUpcomingThenDueSoonThenOverdueWithItsAlerts_UntilTheReviewIsRecorded(string database)
    {
        // A host of its own, so the days are known: approved on Monday 2 March 2026 in Shanghai.
        await using var api = new ClockedApiFactory(database, Shanghai(2026, 3, 2));
        var project = await ApprovedAsync(api);
        var secretary = api.ClientFor(DemoIds.Shanghai, AccountRoles.EthicsSecretary);

        var first = await ItemAsync(secretary, project);
        Assert.Equal(("ethics-review", "2026-03-02", 12, "2027-03-02", "upcoming"),
            (first.Str("approvalStepId"), first.Str("approvedOn"), first.GetProperty("intervalMonths").GetInt32(), first.Str("nextDueOn"), first.Str("state")));
        Assert.True(first.GetProperty("workingDaysLeft").GetInt32() > 200);

        // A risky trial: every six months, so due on Wednesday 2 September 2026.
        var set = await secretary.PutAsJsonAsync(ScheduleOf(project), new { intervalMonths = 6 });
        await Expect.StatusAsync(set, HttpStatusCode.OK);
        Assert.Equal("2026-09-02", (await set.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("schedule").Str("nextDueOn"));

        // Tuesday 4 August: 21 working days left (5-7, 10-14, 17-21, 24-28 August and 31 August-2 September; no holiday
        // in between), one more than the warning window: still upcoming, and the scan raises nothing.
        MoveTo(api, Shanghai(2026, 8, 4));
        Assert.Equal((21, "upcoming"), Due(await ItemAsync(secretary, project)));
        await ScanAsync(api);
        Assert.Empty(await Firing.AlertsOfAsync(api, DemoIds.Shanghai, Roles.EthicsCommittee, project));

        // Wednesday 5 August: 20 left, due soon; the committee is warned once, however often the scan runs.
        MoveTo(api, Shanghai(2026, 8, 5));
        Assert.Equal((20, "due-soon"), Due(await ItemAsync(secretary, project)));
        Assert.Equal(1, await ScanAsync(api));
        await ScanAsync(api);
        var warning = Assert.Single(await Firing.AlertsOfAsync(api, DemoIds.Shanghai, Roles.EthicsCommittee, project));
        Assert.Equal(("warning", ContinuingReviewSchedule.AlertStepId, 1, Roles.EthicsCommittee, false),
            (warning.Str("kind"), warning.Str("stepId"), warning.GetProperty("round").GetInt32(), warning.Str("holderRole"), warning.GetProperty("escalation").GetBoolean()));
        Assert.Equal(Shanghai(2026, 9, 3, hour: 0), warning.GetProperty("dueAt").GetDateTimeOffset()); // late from the start of the next day
        Assert.True(warning.GetProperty("open").GetBoolean());
        Assert.Empty(await Firing.AlertsOfAsync(api, DemoIds.Shanghai, Roles.SiteOffice, project));
        Assert.Empty(await Firing.AlertsOfAsync(api, DemoIds.Sponsor, Roles.Sponsor, project));

        // The due day itself: no working day left, still on time.
        MoveTo(api, Shanghai(2026, 9, 2));
        Assert.Equal((0, "due-soon"), Due(await ItemAsync(secretary, project)));

        // Thursday 3 September: overdue by a working day, and the scan raises the breach.
        MoveTo(api, Shanghai(2026, 9, 3));
        Assert.Equal((-1, "overdue"), Due(await ItemAsync(secretary, project)));
        Assert.Equal(1, await ScanAsync(api));
        var alerts = await Firing.AlertsOfAsync(api, DemoIds.Shanghai, Roles.EthicsCommittee, project);
        Assert.Equal(["breach", "warning"], alerts.Select(a => a.Str("kind")).Order(StringComparer.Ordinal));
        Assert.All(alerts, a => Assert.True(a.GetProperty("open").GetBoolean()));

        // The review held that day moves the next one six months on and resolves both alerts.
        var recorded = await secretary.PostAsJsonAsync(ReviewsOf(project), new { reviewedOn = "2026-09-03", outcome = "continue", note = "Progress report read; no new risk." });
        await Expect.StatusAsync(recorded, HttpStatusCode.Created);
        var detail = await recorded.Content.ReadFromJsonAsync<JsonElement>();
        var schedule = detail.GetProperty("schedule");
        Assert.Equal(("2027-03-03", 1, "2026-09-03", "upcoming"),
            (schedule.Str("nextDueOn"), schedule.GetProperty("reviewsRecorded").GetInt32(), schedule.Str("lastReviewedOn"), schedule.Str("state")));
        var review = Assert.Single(detail.GetProperty("reviews").EnumerateArray());
        Assert.Equal((1, "continue", "2027-03-03"), (review.GetProperty("number").GetInt32(), review.Str("outcome"), review.Str("nextDueOn")));
        Assert.All(await Firing.AlertsOfAsync(api, DemoIds.Shanghai, Roles.EthicsCommittee, project), a =>
        {
            Assert.False(a.GetProperty("open").GetBoolean());
            Assert.Equal(api.Clock.GetUtcNow(), a.GetProperty("resolvedAt").GetDateTimeOffset());
        });
        Assert.Equal(0, await ScanAsync(api));

        // Both changes are on the institution's own audit chain.
        var audited = await api.WithDbAsync(db => db.Audit.Where(a => a.ResourceId == DemoSeed.ShanghaiHospital.Id && a.Reason!.Contains(project.ToString()))
            .OrderBy(a => a.Id).Select(a => new { a.Action, a.Role, a.Reason }).ToListAsync());
        Assert.Equal([ContinuingReviewApi.SetIntervalAction, ContinuingReviewApi.RecordAction], audited.Select(a => a.Action));
        Assert.All(audited, a => Assert.Equal(AccountRoles.EthicsSecretary, a.Role));
        Assert.Contains("every 12 → 6 months; next due 2027-03-02 → 2026-09-02", audited[0].Reason, StringComparison.Ordinal);
        Assert.Contains("continuing review 1 held on 2026-09-03, continue; next due 2027-03-03", audited[1].Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task SetInterval_BeforeTheApproval_Is409_AndLongerThanAYear_Is400NamingTheField(string database)
    {
        var api = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
        var secretary = api.ClientFor(DemoIds.Shanghai, AccountRoles.EthicsSecretary);

        await Expect.ProblemAsync(await secretary.PutAsJsonAsync(ScheduleOf(project), new { intervalMonths = 6 }), HttpStatusCode.Conflict, "no-ethics-approval");
        await Expect.ProblemAsync(await secretary.PostAsJsonAsync(ReviewsOf(project), new { reviewedOn = "2026-01-01", outcome = "continue" }),
            HttpStatusCode.Conflict, "no-ethics-approval");
        await Expect.ProblemAsync(await secretary.GetAsync(ScheduleOf(project)), HttpStatusCode.NotFound, "no-ethics-approval");
        Assert.DoesNotContain(project, await ListedAsync(secretary));

        await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.EthicsCommittee, "ethics-review", "approve", "expedited");

        foreach (var (body, field) in new (object Body, string Field)[]
        {
            (new { intervalMonths = 13 }, "intervalMonths"), (new { intervalMonths = 0 }, "intervalMonths"), (new { }, "intervalMonths"),
        })
        {
            var problem = await Expect.ProblemAsync(await secretary.PutAsJsonAsync(ScheduleOf(project), body), HttpStatusCode.BadRequest, "invalid-request");
            Assert.Equal(field, problem.Str("field"));
        }

        var refused = await Expect.ProblemAsync(await secretary.PutAsJsonAsync(ScheduleOf(project), new { intervalMonths = 24 }), HttpStatusCode.BadRequest, "invalid-request");
        Assert.Contains("at least once a year", refused.Str("detail"), StringComparison.Ordinal);
        var stored = await api.WithDbAsync(db => db.ContinuingReviewSchedules.AsNoTracking().SingleAsync(s => s.SiteProjectId == project));
        Assert.Equal((12, stored.ApprovedOn.AddMonths(12)), (stored.IntervalMonths, stored.NextDueOn));

        var chair = api.ClientFor(DemoIds.Shanghai, AccountRoles.EthicsChair);
        var shortened = await chair.PutAsJsonAsync(ScheduleOf(project), new { intervalMonths = 3 });
        await Expect.StatusAsync(shortened, HttpStatusCode.OK);
        Assert.Equal(stored.ApprovedOn.AddMonths(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            (await shortened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("schedule").Str("nextDueOn"));
        Assert.Equal(AccountRoles.EthicsChair, await api.WithDbAsync(db => db.Audit.Where(a => a.Action == ContinuingReviewApi.SetIntervalAction
            && a.Reason!.Contains(project.ToString())).Select(a => a.Role).SingleAsync()));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Record_WithAMissingOrWrongMember_IsRefusedNamingIt_AndTheSameReviewIsRecordedOnceEvenWhenSentTwiceAtOnce(string database)
    {
        var api = hosts.For(database);
        var project = await ApprovedAsync(api);
        var secretary = api.ClientFor(DemoIds.Shanghai, AccountRoles.EthicsSecretary);
        var today = Today(api);

        foreach (var (body, field) in new (object Body, string Field)[]
        {
            (new { outcome = "continue" }, "reviewedOn"),
            (new { reviewedOn = Iso(today), outcome = "continue" }, "reviewedOn"), // the approval's own day
            (new { reviewedOn = Iso(today.AddDays(1)) }, "outcome"),
            (new { reviewedOn = Iso(today.AddDays(1)), outcome = "adjourn" }, "outcome"),
            (new { reviewedOn = Iso(today.AddDays(1)), outcome = "continue", note = new string('x', 2001) }, "note"),
            (new { reviewedOn = Iso(today.AddDays(1)), outcome = "continue" }, "reviewedOn"), // not held yet: it is tomorrow
        })
        {
            var problem = await Expect.ProblemAsync(await secretary.PostAsJsonAsync(ReviewsOf(project), body), HttpStatusCode.BadRequest, "invalid-request");
            Assert.Equal(field, problem.Str("field"));
        }

        api.Clock.Advance(TimeSpan.FromDays(2));
        var held = Iso(Today(api));
        var second = api.ClientFor(DemoIds.Shanghai, AccountRoles.EthicsSecretary, "second-secretary");
        var answers = await Task.WhenAll(secretary.PostAsJsonAsync(ReviewsOf(project), new { reviewedOn = held, outcome = "continue" }),
            second.PostAsJsonAsync(ReviewsOf(project), new { reviewedOn = held, outcome = "continue" }));

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        var code = (await answers.Single(a => a.StatusCode == HttpStatusCode.Conflict).Content.ReadFromJsonAsync<JsonElement>()).Str("code");
        Assert.Contains(code, new[] { "continuing-review-recorded", "continuing-review-changed" });
        await Expect.ProblemAsync(await secretary.PostAsJsonAsync(ReviewsOf(project), new { reviewedOn = held, outcome = "continue" }),
            HttpStatusCode.Conflict, "continuing-review-recorded");
        var detail = await secretary.GetFromJsonAsync<JsonElement>(ScheduleOf(project));
        Assert.Equal(1, detail.GetProperty("schedule").GetProperty("reviewsRecorded").GetInt32());
        Assert.Single(detail.GetProperty("reviews").EnumerateArray());
        Assert.Equal(1, await api.WithDbAsync(db => db.ContinuingReviews.CountAsync(r => r.SiteProjectId == project)));
        Assert.Equal(1, await api.WithDbAsync(db => db.Audit.CountAsync(a => a.Action == ContinuingReviewApi.RecordAction && a.Reason!.Contains(project.ToString()))));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Readers_AreTheCommitteesPeopleAndTheAdministrator_WritersTheSecretaryAndChair_AndOtherOrganisationsSeeNothing(string database)
    {
        var api = hosts.For(database);
        var project = await ApprovedAsync(api);

        foreach (var role in new[] { AccountRoles.EthicsMember, AccountRoles.EthicsChair, AccountRoles.OrganisationAdministrator })
        {
            var reader = api.ClientFor(DemoIds.Shanghai, role);
            Assert.Contains(project, await ListedAsync(reader));
            await Expect.StatusAsync(await reader.GetAsync(ScheduleOf(project)), HttpStatusCode.OK);
        }

        foreach (var role in new[] { AccountRoles.EthicsMember, AccountRoles.OrganisationAdministrator, Roles.SiteOffice })
        {
            await Expect.ProblemAsync(await api.ClientFor(DemoIds.Shanghai, role).PutAsJsonAsync(ScheduleOf(project), new { intervalMonths = 6 }),
                HttpStatusCode.Forbidden, "forbidden");
        }

        await Expect.ProblemAsync(await api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice).GetAsync(List), HttpStatusCode.Forbidden, "forbidden");
        await Expect.ProblemAsync(await api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice).GetAsync(ScheduleOf(project)), HttpStatusCode.Forbidden, "forbidden");
        await Expect.ProblemAsync(await api.ClientFor(DemoIds.Sponsor, Roles.Sponsor).GetAsync(ScheduleOf(project)), HttpStatusCode.Forbidden, "forbidden");
        await Expect.ProblemAsync(await api.ClientFor(DemoIds.Sponsor, Roles.Sponsor).GetAsync(List), HttpStatusCode.Forbidden, "forbidden");

        // Another institution's committee: the project is unknown to it, and its list never holds it.
        var otherSecretary = api.ClientFor(DemoIds.Lead, AccountRoles.EthicsSecretary);
        await Expect.ProblemAsync(await otherSecretary.GetAsync(ScheduleOf(project)), HttpStatusCode.NotFound, "not-found");
        await Expect.ProblemAsync(await otherSecretary.PutAsJsonAsync(ScheduleOf(project), new { intervalMonths = 6 }), HttpStatusCode.NotFound, "not-found");
        Assert.DoesNotContain(project, await ListedAsync(otherSecretary));
        Assert.Equal(12, await api.WithDbAsync(db => db.ContinuingReviewSchedules.Where(s => s.SiteProjectId == project).Select(s => s.IntervalMonths).SingleAsync()));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task List_HoldsTheApprovedProjectsSoonestDueFirst_AndTheScheduleOutlivesActivationButNotATermination(string database)
    {
        var api = hosts.For(database);
        var secretary = api.ClientFor(DemoIds.Shanghai, AccountRoles.EthicsSecretary);
        var activated = await ApprovedAsync(api);
        foreach (var (role, step, outcome) in new[]
        {
            (Roles.ApprovalOffice, "institutional-approval", "approve"), (Roles.ContractOffice, "contract-review", "agreed"),
            (Roles.ContractOffice, "contract-signing", "signed"), (Roles.PrincipalInvestigator, "startup-meeting", "held"),
        })
        {
            await Reviewing.DecideAsync(api, activated, DemoIds.Shanghai, role, step, outcome);
        }

        Assert.Equal("activated", (await Journey.DetailAsync(api, activated, DemoIds.Shanghai)).GetProperty("status").Str("result"));
        var terminated = await ApprovedAsync(api);
        var sooner = await ApprovedAsync(api);
        await Expect.StatusAsync(await secretary.PutAsJsonAsync(ScheduleOf(sooner), new { intervalMonths = 1 }), HttpStatusCode.OK);

        var intervened = await secretary.PostAsJsonAsync(new Uri($"/api/v1/site-projects/{terminated}/interventions", UriKind.Relative),
            new { interventionId = "terminate-ethics-approval", reason = "Serious unexpected harm to subjects." });
        await Expect.StatusAsync(intervened, HttpStatusCode.OK);

        var listed = await ListedAsync(secretary);
        Assert.Contains(activated, listed);
        Assert.DoesNotContain(terminated, listed);
        Assert.True(listed.IndexOf(sooner) < listed.IndexOf(activated), "the project due in a month comes before the one due in a year");
        var dueDays = (await secretary.GetFromJsonAsync<JsonElement>(List)).GetProperty("items").EnumerateArray().Select(i => i.Str("nextDueOn")).ToList();
        Assert.Equal(dueDays.Order(StringComparer.Ordinal), dueDays);
        var closed = (await secretary.GetFromJsonAsync<JsonElement>(ScheduleOf(terminated))).GetProperty("schedule");
        Assert.Equal("closed", closed.Str("state"));
        Assert.Contains("terminated", closed.Str("closedReason"), StringComparison.Ordinal);
        await Expect.ProblemAsync(await secretary.PutAsJsonAsync(ScheduleOf(terminated), new { intervalMonths = 6 }), HttpStatusCode.Conflict, "continuing-review-closed");

        // A continuing review that terminates the approval ends the schedule too.
        api.Clock.Advance(TimeSpan.FromDays(1));
        var ended = await secretary.PostAsJsonAsync(ReviewsOf(sooner), new { reviewedOn = Iso(Today(api)), outcome = "terminate", note = "Enrolment stopped." });
        await Expect.StatusAsync(ended, HttpStatusCode.Created);
        var after = await ended.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("closed", after.GetProperty("schedule").Str("state"));
        Assert.Equal(JsonValueKind.Null, Assert.Single(after.GetProperty("reviews").EnumerateArray()).GetProperty("nextDueOn").ValueKind);
        Assert.DoesNotContain(sooner, await ListedAsync(secretary));
    }

    [Fact]
    public async Task TheHourlyScan_IsARecurringJobOfTheTimerHost_WhoseRunWarnsOfAReviewFallingDue()
    {
        // The embedded default as shipped: Hangfire's server in the host (every other test runs the scan itself).
        await using var api = new ClockedApiFactory("sqlite", Shanghai(2026, 3, 2), settings: new Dictionary<string, string> { ["TrialStartup:Timers:RunServer"] = "true" });
        var project = await ApprovedAsync(api);
        var secretary = api.ClientFor(DemoIds.Shanghai, AccountRoles.EthicsSecretary);
        await Expect.StatusAsync(await secretary.PutAsJsonAsync(ScheduleOf(project), new { intervalMonths = 1 }), HttpStatusCode.OK);
        var storage = api.Services.GetRequiredService<JobStorage>();
        var scan = await Eventually.ValueAsync(() => Task.FromResult(RecurringJob(storage)), job => job is not null, "the scan's recurring job");
        Assert.Equal((Cron.Hourly(), nameof(ContinuingReviewJobs.ScanAsync)), (scan!.Cron, scan.Job.Method.Name));

        // Due on Thursday 2 April; on Thursday 5 March 20 working days are left (6, 9-13, 16-20, 23-27, 30-31 March, 1-2 April).
        MoveTo(api, Shanghai(2026, 3, 5));
        Assert.Equal((20, "due-soon"), Due(await ItemAsync(secretary, project)));
        api.Services.GetRequiredService<IRecurringJobManager>().Trigger(ContinuingReviewJobs.ScanJobId);

        var alerts = await Eventually.ValueAsync(() => Firing.AlertsOfAsync(api, DemoIds.Shanghai, Roles.EthicsCommittee, project), a => a.Count > 0,
            "the warning raised by the recurring job's run");
        Assert.Equal(("warning", "continuing-review/1/warning@2026-04-02"),
            (Assert.Single(alerts).Str("kind"), await api.WithDbAsync(db => db.Alerts.Where(a => a.SiteProjectId == project).Select(a => a.TimerId).SingleAsync())));
    }

    [Fact]
    public void EthicsApproval_IsTheApprovalTheConfirmedModificationsOrTheRecognitionOfTheLeads_NothingElse()
    {
        Assert.True(EthicsApproval.Grants("ethics-review", "approve"));
        Assert.True(EthicsApproval.Grants("ethics-modification-check", "confirmed"));
        Assert.True(EthicsApproval.Grants("ethics-recognition", "recognised"));
        Assert.False(EthicsApproval.Grants("ethics-review", "approve-after-modifications"));
        Assert.False(EthicsApproval.Grants("ethics-review", "disapprove"));
        Assert.False(EthicsApproval.Grants("ethics-recognition", "full-review-needed"));
        Assert.False(EthicsApproval.Grants("institutional-approval", "approve"));
    }

    private static Uri ScheduleOf(Guid project) => new($"/api/v1/site-projects/{project}/continuing-review", UriKind.Relative);

    private static Uri ReviewsOf(Guid project) => new($"/api/v1/site-projects/{project}/continuing-review/reviews", UriKind.Relative);

    private static DateTimeOffset Shanghai(int year, int month, int day, int hour = 9) => new(year, month, day, hour, 0, 0, TimeSpan.FromHours(8));

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static DateOnly Today(ClockedApiFactory api) => DateOnly.FromDateTime(api.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);

    private static void MoveTo(ClockedApiFactory api, DateTimeOffset at) => api.Clock.Advance(at - api.Clock.GetUtcNow());

    private static (int WorkingDaysLeft, string State) Due(JsonElement item) => (item.GetProperty("workingDaysLeft").GetInt32(), item.Str("state"));

    private static RecurringJobDto? RecurringJob(JobStorage storage)
    {
        using var connection = storage.GetConnection();
        return connection.GetRecurringJobs([ContinuingReviewJobs.ScanJobId]).SingleOrDefault(j => j.Job is not null);
    }

    private static Task<int> ScanAsync(ApiFactory api) => api.Services.GetRequiredService<ContinuingReviewJobs>().ScanAsync(CancellationToken.None);

    // A single-site project at the Shanghai demo hospital whose committee approved it (full board) at the host's now.
    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Backfill_StartsTheScheduleOfAnApprovalGivenBeforeSchedulesWereKept_OnceAndNotForATerminatedStartUp(string database)
    {
        var api = hosts.For(database);
        var approved = await ApprovedAsync(api);
        var terminated = await ApprovedAsync(api);
        var secretary = api.ClientFor(DemoIds.Shanghai, AccountRoles.EthicsSecretary);
        await Expect.StatusAsync(await secretary.PostAsJsonAsync(new Uri($"/api/v1/site-projects/{terminated}/interventions", UriKind.Relative),
            new { interventionId = "terminate-ethics-approval", reason = "Serious unexpected harm to subjects." }), HttpStatusCode.OK);
        var kept = await api.WithDbAsync(db => db.ContinuingReviewSchedules.AsNoTracking().SingleAsync(s => s.SiteProjectId == approved));

        // As an installation from before continuing reviews were kept: the approvals stand, their schedules do not exist.
        await api.WithDbAsync(db => db.ContinuingReviewSchedules.Where(s => s.SiteProjectId == approved || s.SiteProjectId == terminated)
            .ExecuteDeleteAsync());
        Assert.DoesNotContain(approved, await ListedAsync(secretary));

        var started = await api.WithDbAsync(db => ContinuingReviewBackfill.RunAsync(db));
        var again = await api.WithDbAsync(db => ContinuingReviewBackfill.RunAsync(db));

        Assert.True(started >= 1, $"started {started}");
        Assert.Equal(0, again);
        var backfilled = await api.WithDbAsync(db => db.ContinuingReviewSchedules.AsNoTracking().SingleAsync(s => s.SiteProjectId == approved));
        Assert.Equal((kept.ApprovalStepId, kept.ApprovedOn, kept.NextDueOn, kept.IntervalMonths),
            (backfilled.ApprovalStepId, backfilled.ApprovedOn, backfilled.NextDueOn, backfilled.IntervalMonths));
        Assert.Equal(kept.ApprovedAt.ToUniversalTime(), backfilled.ApprovedAt.ToUniversalTime());
        Assert.False(await api.WithDbAsync(db => db.ContinuingReviewSchedules.AnyAsync(s => s.SiteProjectId == terminated)));
        Assert.Contains(approved, await ListedAsync(secretary));
    }

    private static async Task<Guid> ApprovedAsync(ApiFactory api)
    {
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
        await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.EthicsCommittee, "ethics-review", "approve", "full-board");
        return project;
    }

    private static async Task<List<Guid>> ListedAsync(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<JsonElement>(List)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("siteProjectId").GetGuid())];

    private static async Task<JsonElement> ItemAsync(HttpClient client, Guid project)
    {
        var list = await client.GetFromJsonAsync<JsonElement>(List);
        return list.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("siteProjectId").GetGuid() == project);
    }
}
