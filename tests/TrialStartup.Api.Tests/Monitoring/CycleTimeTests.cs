namespace TrialStartup.Api.Tests.Monitoring;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Api.Tests.TestServers;

/// <summary>
/// <c>GET /api/v1/monitoring/cycle-times</c>: one site's start-up from submission to activation on a moved clock, the
/// time split by who held the work, and who may see which sites.
/// </summary>
[Collection(ApiCollection.Name)] // one host at a time, like every API test
public sealed class CycleTimeTests
{
    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task CycleTime_OfAnActivatedSite_SplitsTheTimeByHolder_WhileRunningAndAfterActivation(string database)
    {
        await using var api = new ClockedApiFactory(database, Monitor.Monday);
        var trial = await Journey.CreateTrialAsync(api, singleSite: DemoIds.Shanghai);
        var project = await SubmitAsync(api, trial);
        var sponsor = api.ClientFor(DemoIds.Sponsor, Roles.Sponsor);

        // Mon 2 submitted; Tue 3 intake; Wed 4 contract changes requested; Thu 5 approval; Fri 6 the sponsor resubmits;
        // Mon 9 contract agreed; Tue 10 ethics approves (the join opens signing); Wed 11 signed; Mon 16 meeting held.
        await StepAsync(api, project, 1, Roles.SiteOffice, "intake", "complete");
        await StepAsync(api, project, 1, Roles.ContractOffice, "contract-review", "changes-requested");
        await StepAsync(api, project, 1, Roles.ApprovalOffice, "institutional-approval", "approve");
        api.Clock.Advance(TimeSpan.FromDays(1));
        await Reviewing.ResubmitAsync(api, project, DemoIds.Shanghai, "contract-review", "budget revised");
        await StepAsync(api, project, 3, Roles.ContractOffice, "contract-review", "agreed");

        // Running: measured to now, the open ethics review (6 days so far) included.
        var running = (await Monitor.CycleRowsAsync(sponsor, $"?trialId={trial}"))[project];
        Assert.Equal((true, "running", 7.0, 5), (running.GetProperty("inProgress").GetBoolean(), running.Str("status"),
            running.GetProperty("elapsedDays").GetDouble(), running.GetProperty("elapsedWorkingDays").GetInt32()));
        Assert.Equal(JsonValueKind.Null, running.GetProperty("activatedAt").ValueKind);
        Assert.Equal(api.Clock.GetUtcNow(), running.GetProperty("measuredUntil").GetDateTimeOffset());
        Assert.Equal((7.0, 6.0, 2.0, 0.0), Held(running, "heldDays"));

        await ActivateAsync(api, project);

        var row = (await Monitor.CycleRowsAsync(sponsor, $"?trialId={trial}"))[project];
        Assert.Equal((false, "ended", "activated"), (row.GetProperty("inProgress").GetBoolean(), row.Str("status"), row.Str("result")));
        Assert.Equal(Monitor.Monday, row.GetProperty("submittedAt").GetDateTimeOffset());
        Assert.Equal(Monitor.Monday.AddDays(14), row.GetProperty("activatedAt").GetDateTimeOffset());
        Assert.Equal((14.0, 10), (row.GetProperty("elapsedDays").GetDouble(), row.GetProperty("elapsedWorkingDays").GetInt32()));

        // Site 1 intake + 2 approval + 1 and 3 contract + 1 signing + 5 meeting; committee 7; sponsor 2. The reviews ran in
        // parallel, so the holders' 22 days exceed the 14 elapsed.
        Assert.Equal((13.0, 7.0, 2.0, 0.0), Held(row, "heldDays"));
        Assert.Equal((9.0, 5.0, 2.0, 0.0), Held(row, "heldWorkingDays"));
        Assert.Contains("more than elapsedDays", (await Monitor.JsonAsync(sponsor, "/api/v1/monitoring/cycle-times")).Str("basis"),
            StringComparison.Ordinal);

        // The institution sees the same row for its own site.
        var own = (await Monitor.CycleRowsAsync(api.ClientFor(DemoIds.Shanghai, Roles.OfficeHead)))[project];
        Assert.Equal(row.GetRawText(), own.GetRawText());
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Suspension_StopsEveryClock_ItsTimeIsNobodysInEitherReport(string database)
    {
        await using var api = new ClockedApiFactory(database, Monitor.Monday);
        var trial = await Journey.CreateTrialAsync(api, singleSite: DemoIds.Shanghai);
        var project = await SubmitAsync(api, trial);
        var sponsor = api.ClientFor(DemoIds.Sponsor, Roles.Sponsor);

        // Mon 2 submitted; Tue 3 intake, approval and ethics at once; Wed 4 the ethics committee suspends its approval
        // while the contract review is open; Wed 11 it resumes; Thu 12 the contract is agreed.
        await StepAsync(api, project, 1, Roles.SiteOffice, "intake", "complete");
        await StepAsync(api, project, 0, Roles.ApprovalOffice, "institutional-approval", "approve");
        await StepAsync(api, project, 0, Roles.EthicsCommittee, "ethics-review", "approve");
        api.Clock.Advance(TimeSpan.FromDays(1));
        await InterveneAsync(api, project, "suspend-ethics-approval");
        api.Clock.Advance(TimeSpan.FromDays(7));

        // While suspended, the open contract review's stretch is cut at the suspension too.
        var during = (await Monitor.CycleRowsAsync(sponsor, $"?trialId={trial}"))[project];
        Assert.Equal("suspended", during.Str("status"));
        Assert.Equal((2.0, 0.0, 0.0, 0.0), Held(during, "heldDays")); // intake 1, contract 1
        Assert.Equal(7.0, during.GetProperty("heldDays").GetProperty("suspended").GetDouble());

        await InterveneAsync(api, project, "resume-ethics-approval");
        await StepAsync(api, project, 1, Roles.ContractOffice, "contract-review", "agreed");

        var after = (await Monitor.CycleRowsAsync(sponsor, $"?trialId={trial}"))[project];
        Assert.Equal((3.0, 0.0, 0.0, 0.0), Held(after, "heldDays")); // intake 1, contract 1 + 1
        Assert.Equal(7.0, after.GetProperty("heldDays").GetProperty("suspended").GetDouble());
        Assert.Equal((3.0, 0.0, 0.0, 0.0), Held(after, "heldWorkingDays"));
        Assert.Equal(5.0, after.GetProperty("heldWorkingDays").GetProperty("suspended").GetDouble()); // Thu 5 to Wed 11

        // The institution's turnaround of the contract review: 2 days, not the 9 (7 working) it was open.
        var contract = (await Monitor.StepRowsAsync(api.ClientFor(DemoIds.Shanghai, Roles.OfficeHead)))[("standard-site-startup", "contract-review")];
        Assert.Equal((1, 2.0, 2.0, 1), (contract.GetProperty("count").GetInt32(), contract.Number("medianCalendarDays"),
            contract.Number("medianWorkingDays"), contract.GetProperty("withinTarget").GetInt32()));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task CycleTimes_AsCsv_ParseBackToTheSameFiguresAsTheJson(string database)
    {
        await using var api = new ClockedApiFactory(database, Monitor.Monday);
        var trial = await Journey.CreateTrialAsync(api, singleSite: DemoIds.Shanghai);
        var project = await ActivateAsync(api, await SubmitAsync(api, trial), days: 2);
        var running = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
        api.Clock.Advance(TimeSpan.FromDays(1.5));
        var sponsor = api.ClientFor(DemoIds.Sponsor, Roles.Sponsor);
        var json = await Monitor.CycleRowsAsync(sponsor);

        var csv = await Monitor.CsvAsync(await sponsor.GetAsync(new Uri("/api/v1/monitoring/cycle-times?format=csv", UriKind.Relative)),
            "cycle-times-demo-pharma");

        Assert.Equal(json.Keys.Order(), csv.Select(r => Guid.Parse(r["siteProjectId"])).Order());
        foreach (var row in csv)
        {
            var expected = json[Guid.Parse(row["siteProjectId"])];
            Assert.Equal(expected.Str("protocolNumber"), row["protocolNumber"]);
            Assert.Equal(expected.GetProperty("inProgress").GetBoolean(), bool.Parse(row["inProgress"]));
            Assert.Equal(expected.GetProperty("submittedAt").GetDateTimeOffset(), DateTimeOffset.Parse(row["submittedAt"], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(expected.Number("elapsedDays"), row.CsvNumber("elapsedDays"));
            Assert.Equal(expected.Number("elapsedWorkingDays"), row.CsvNumber("elapsedWorkingDays"));
            foreach (var (holder, column) in new[] { ("site", "siteHeld"), ("committee", "committeeHeld"), ("sponsor", "sponsorHeld"), ("waitingForLead", "waitingForLead") })
            {
                Assert.Equal(expected.GetProperty("heldDays").Number(holder), row.CsvNumber(column + "Days"));
                Assert.Equal(expected.GetProperty("heldWorkingDays").Number(holder), row.CsvNumber(column + "WorkingDays"));
            }
        }

        Assert.Equal(("", "true", 1.5), (csv.Single(r => r["siteProjectId"] == running.ToString())["activatedAt"],
            csv.Single(r => r["siteProjectId"] == running.ToString())["inProgress"], json[running].Number("elapsedDays")));
        Assert.NotEqual("", csv.Single(r => r["siteProjectId"] == project.ToString())["activatedAt"]);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task CycleTimes_ShowOnlyTheCallersSites_AndAnotherSponsorsTrialIsLikeAnUnknownOne(string database)
    {
        await using var api = new ClockedApiFactory(database, Monitor.Monday);
        var trial = await Journey.CreateTrialAsync(api, singleSite: DemoIds.Shanghai);
        var project = await SubmitAsync(api, trial);
        var otherTrial = await Journey.CreateTrialAsync(api, sponsor: DemoIds.OtherSponsor, singleSite: DemoIds.Lead);
        var otherProject = await Journey.RegisterSiteAsync(api, otherTrial, DemoIds.Lead);
        await Journey.AddRequiredDocumentsAsync(api, otherProject);
        await Expect.StatusAsync(await api.ClientFor(DemoIds.Lead, Roles.SiteOffice)
            .PostAsync(new Uri($"/api/v1/site-projects/{otherProject}/submit", UriKind.Relative), null), HttpStatusCode.OK);

        Assert.Equal(project, Assert.Single((await Monitor.CycleRowsAsync(api.ClientFor(DemoIds.Sponsor, Roles.Sponsor))).Keys));
        Assert.Equal(project, Assert.Single((await Monitor.CycleRowsAsync(api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice))).Keys));
        Assert.Equal(otherProject, Assert.Single((await Monitor.CycleRowsAsync(api.ClientFor(DemoIds.OtherSponsor, Roles.Sponsor))).Keys));
        Assert.Equal(otherProject, Assert.Single((await Monitor.CycleRowsAsync(api.ClientFor(DemoIds.Lead, Roles.PrincipalInvestigator))).Keys));
        Assert.Empty(await Monitor.CycleRowsAsync(api.ClientFor(DemoIds.Alliance, Roles.SiteOffice)));

        // A sponsor naming another sponsor's trial gets the 404 of a trial that does not exist; an institution's trial
        // filter only narrows its own sites.
        var other = api.ClientFor(DemoIds.OtherSponsor, Roles.Sponsor);
        var theirs = await Expect.ProblemAsync(await other.GetAsync(new Uri($"/api/v1/monitoring/cycle-times?trialId={trial}", UriKind.Relative)),
            HttpStatusCode.NotFound, "not-found");
        var unknown = Guid.NewGuid();
        var nobodys = await Expect.ProblemAsync(await other.GetAsync(new Uri($"/api/v1/monitoring/cycle-times?trialId={unknown}", UriKind.Relative)),
            HttpStatusCode.NotFound, "not-found");
        Assert.Equal(nobodys.Str("detail").Replace(unknown.ToString(), "{id}", StringComparison.Ordinal),
            theirs.Str("detail").Replace(trial.ToString(), "{id}", StringComparison.Ordinal));
        Assert.Empty(await Monitor.CycleRowsAsync(api.ClientFor(DemoIds.Lead, Roles.SiteOffice), $"?trialId={trial}"));
        Assert.Equal(project, Assert.Single((await Monitor.CycleRowsAsync(api.ClientFor(DemoIds.Sponsor, Roles.Sponsor), $"?trialId={trial}")).Keys));
        await Expect.ProblemAsync(await other.GetAsync(new Uri("/api/v1/monitoring/cycle-times?format=pdf", UriKind.Relative)),
            HttpStatusCode.BadRequest, "invalid-request");
    }

    private static async Task<Guid> SubmitAsync(ClockedApiFactory api, Guid trial)
    {
        var project = await Journey.RegisterSiteAsync(api, trial, DemoIds.Shanghai);
        await Journey.AddRequiredDocumentsAsync(api, project);
        await Expect.StatusAsync(await api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice)
            .PostAsync(new Uri($"/api/v1/site-projects/{project}/submit", UriKind.Relative), null), HttpStatusCode.OK);
        return project;
    }

    // The rest of the standard path from the open ethics review: approve a day later, sign a day after, and hold the
    // meeting five days after that (or, with days, everything that is open at once, one day apart).
    private static async Task<Guid> ActivateAsync(ClockedApiFactory api, Guid project, int? days = null)
    {
        if (days is { } quick)
        {
            await StepAsync(api, project, 0, Roles.SiteOffice, "intake", "complete");
            await StepAsync(api, project, quick, Roles.ApprovalOffice, "institutional-approval", "approve");
            await StepAsync(api, project, 0, Roles.ContractOffice, "contract-review", "agreed");
        }

        await StepAsync(api, project, days ?? 1, Roles.EthicsCommittee, "ethics-review", "approve");
        await StepAsync(api, project, days ?? 1, Roles.ContractOffice, "contract-signing", "signed");
        await StepAsync(api, project, days ?? 5, Roles.PrincipalInvestigator, "startup-meeting", "held");
        return project;
    }

    // Moves the clock on by days, then decides.
    private static async Task StepAsync(ClockedApiFactory api, Guid project, double days, string role, string stepId, string outcome)
    {
        api.Clock.Advance(TimeSpan.FromDays(days));
        await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, role, stepId, outcome,
            reviewType: stepId == "ethics-review" ? "full-board" : null);
    }

    private static async Task InterveneAsync(ClockedApiFactory api, Guid project, string intervention)
    {
        var version = await Reviewing.VersionAsync(api, project, DemoIds.Shanghai);
        await Expect.StatusAsync(await api.ClientFor(DemoIds.Shanghai, Roles.EthicsCommittee).PostAsJsonAsync(
            new Uri($"/api/v1/site-projects/{project}/interventions", UriKind.Relative),
            new { interventionId = intervention, expectedVersion = version, reason = "serious adverse event under investigation" }), HttpStatusCode.OK);
    }

    private static (double, double, double, double) Held(JsonElement row, string property)
    {
        var held = row.GetProperty(property);
        return (held.GetProperty("site").GetDouble(), held.GetProperty("committee").GetDouble(), held.GetProperty("sponsor").GetDouble(),
            held.GetProperty("waitingForLead").GetDouble());
    }
}
