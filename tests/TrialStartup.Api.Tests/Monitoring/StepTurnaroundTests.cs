namespace TrialStartup.Api.Tests.Monitoring;

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Data.ReadModels;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Api.Tests.TestServers;

/// <summary>
/// <c>GET /api/v1/monitoring/steps</c> on real durations: each test has its own host and database, and moves the
/// host's clock between decisions, so every figure below is worked out by hand from the calendar.
/// </summary>
[Collection(ApiCollection.Name)] // one host at a time, like every API test: hosts share process-wide state (the timer storage)
public sealed class StepTurnaroundTests
{
    private const string Standard = "standard-site-startup";

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Steps_ThreeReviewsOf2_5And9WorkingDays_GiveMedianP90ShareWithinTargetAndCurrentBreaches(string database)
    {
        await using var api = new ClockedApiFactory(database, Monitor.Monday);
        var (a, b, c) = (await InReviewAsync(api), await InReviewAsync(api), await InReviewAsync(api));

        // Ethics (target 15) and institutional approval (target 5) of each project decided together: A on Wednesday
        // (2 working days, 2 calendar days), B the next Monday (5 and 7: a weekend in between), C on Friday (9 and 11).
        api.Clock.Advance(TimeSpan.FromDays(2));
        await DecideReviewsAsync(api, a);
        api.Clock.Advance(TimeSpan.FromDays(5));
        await DecideReviewsAsync(api, b);
        api.Clock.Advance(TimeSpan.FromDays(4));
        await Monitor.FireBreachAsync(api, c, "institutional-approval"); // due Tuesday 00:00, after 5 working days
        await DecideReviewsAsync(api, c);

        // The contract reviews stay open; A's passes its 10 working days (due Tuesday 17th 00:00) and is breached now.
        api.Clock.Advance(TimeSpan.FromDays(4));
        await Monitor.FireBreachAsync(api, a, "contract-review");
        var office = api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice);
        var rows = await Monitor.StepRowsAsync(office);

        var ethics = rows[(Standard, "ethics-review")];
        Assert.Equal(new[] { 1 }, ethics.GetProperty("definitionVersions").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal((15, 3, 0), (ethics.GetProperty("targetWorkingDays").GetInt32(), ethics.GetProperty("count").GetInt32(),
            ethics.GetProperty("currentBreaches").GetInt32()));
        Assert.Equal((7.0, 10.2), (ethics.Number("medianCalendarDays"), ethics.Number("p90CalendarDays")));
        Assert.Equal((5.0, 8.2), (ethics.Number("medianWorkingDays"), ethics.Number("p90WorkingDays")));
        Assert.Equal((3, 1.0), (ethics.GetProperty("withinTarget").GetInt32(), ethics.Number("shareWithinTarget")));
        Assert.Equal(JsonValueKind.Null, ethics.GetProperty("figuresNote").ValueKind);

        // Same durations against a 5-day target: 5 is within, 9 is not. C's breach is history once it completed.
        var approval = rows[(Standard, "institutional-approval")];
        Assert.Equal((5, 3, 2, 0.6667, 0), (approval.GetProperty("targetWorkingDays").GetInt32(), approval.GetProperty("count").GetInt32(),
            approval.GetProperty("withinTarget").GetInt32(), approval.Number("shareWithinTarget"), approval.GetProperty("currentBreaches").GetInt32()));
        Assert.Equal((5.0, 8.2), (approval.Number("medianWorkingDays"), approval.Number("p90WorkingDays")));

        // Intake was decided at once: three zero durations, all within its 3 days.
        var intake = rows[(Standard, "intake")];
        Assert.Equal((3, 0.0, 0.0, 1.0), (intake.GetProperty("count").GetInt32(), intake.Number("medianWorkingDays"),
            intake.Number("p90CalendarDays"), intake.Number("shareWithinTarget")));

        // No contract review completed, but one is breached now.
        var contract = rows[(Standard, "contract-review")];
        Assert.Equal((0, 1), (contract.GetProperty("count").GetInt32(), contract.GetProperty("currentBreaches").GetInt32()));
        Assert.Null(contract.Number("medianCalendarDays"));
        Assert.Null(contract.Number("p90WorkingDays"));
        Assert.Null(contract.Number("shareWithinTarget"));
        Assert.Equal(4, rows.Count);
        // In the order the path runs them, as a reader follows a project (the dictionary keeps the answer's order).
        Assert.Equal(["intake", "institutional-approval", "ethics-review", "contract-review"], rows.Keys.Select(k => k.Step));

        // from/to select by completion date in the calendar's zone; current breaches are "now" whatever the period.
        var monday = await Monitor.StepRowsAsync(office, "?from=2026-03-05&to=2026-03-09");
        Assert.Equal((1, 5.0, 7.0), (monday[(Standard, "ethics-review")].GetProperty("count").GetInt32(),
            monday[(Standard, "ethics-review")].Number("medianWorkingDays"), monday[(Standard, "ethics-review")].Number("medianCalendarDays")));
        Assert.False(monday.ContainsKey((Standard, "intake")));
        var later = await Monitor.StepRowsAsync(office, "?from=2026-03-14");
        Assert.Equal((Standard, "contract-review"), Assert.Single(later.Keys));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Steps_AfterAChangeRequest_CountOnlyTheInstitutionsRoundsAndNotTheSponsorsTime(string database)
    {
        await using var api = new ClockedApiFactory(database, Monitor.Monday);
        var project = await InReviewAsync(api);
        var office = api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice);

        // Round 1: the contract office asks for changes on Wednesday (2 working days).
        api.Clock.Advance(TimeSpan.FromDays(2));
        await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.ContractOffice, "contract-review", "changes-requested");
        Assert.False((await Monitor.StepRowsAsync(office)).ContainsKey((Standard, "contract-review"))); // open: the sponsor holds it

        // The sponsor holds it until Monday (5 calendar days, 3 working days), then round 2 takes until Thursday (3 and 3).
        api.Clock.Advance(TimeSpan.FromDays(5));
        await Reviewing.ResubmitAsync(api, project, DemoIds.Shanghai, "contract-review", "budget revised");
        api.Clock.Advance(TimeSpan.FromDays(3));
        await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.ContractOffice, "contract-review", "agreed");

        var contract = (await Monitor.StepRowsAsync(office))[(Standard, "contract-review")];
        Assert.Equal(1, contract.GetProperty("count").GetInt32());
        Assert.Equal((5.0, 5.0), (contract.Number("medianCalendarDays"), contract.Number("medianWorkingDays"))); // 2 + 3, not 10 elapsed
        Assert.Equal(1.0, contract.Number("shareWithinTarget"));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Steps_AsCsv_ParseBackToTheSameFiguresAsTheJson(string database)
    {
        await using var api = new ClockedApiFactory(database, Monitor.Monday);
        var (a, b) = (await InReviewAsync(api), await InReviewAsync(api));
        api.Clock.Advance(TimeSpan.FromDays(1));
        await DecideReviewsAsync(api, a);
        api.Clock.Advance(TimeSpan.FromDays(6));
        await DecideReviewsAsync(api, b);
        var office = api.ClientFor(DemoIds.Shanghai, Roles.EthicsCommittee);
        var json = await Monitor.StepRowsAsync(office, "?from=2026-03-01");

        var byParameter = await Monitor.CsvAsync(await office.GetAsync(new Uri("/api/v1/monitoring/steps?from=2026-03-01&format=csv", UriKind.Relative)),
            "step-turnaround-sh-site-from-2026-03-01");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/monitoring/steps?from=2026-03-01", UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var byAccept = await Monitor.CsvAsync(await office.SendAsync(request), "step-turnaround-sh-site");

        Assert.Equal(json.Count, byParameter.Count);
        Assert.Equal(byParameter, byAccept);
        foreach (var row in byParameter)
        {
            var expected = json[(row["track"], row["stepId"])];
            foreach (var column in new[] { "targetWorkingDays", "count", "medianCalendarDays", "p90CalendarDays", "medianWorkingDays",
                "p90WorkingDays", "withinTarget", "shareWithinTarget", "currentBreaches" })
            {
                Assert.Equal(expected.Number(column), row.CsvNumber(column));
            }
        }

        var ethics = byParameter.Single(r => r["stepId"] == "ethics-review");
        // 1 and 7 calendar days, 1 and 5 working days (Tuesday; the next Monday).
        Assert.Equal(("1", 4.0, 6.4, 3.0, 4.6), (ethics["definitionVersions"], ethics.CsvNumber("medianCalendarDays"),
            ethics.CsvNumber("p90CalendarDays"), ethics.CsvNumber("medianWorkingDays"), ethics.CsvNumber("p90WorkingDays")));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Steps_OnlyEverShowTheCallersInstitution_AndAreNotForSponsors(string database)
    {
        await using var api = new ClockedApiFactory(database, Monitor.Monday);
        var project = await InReviewAsync(api);
        api.Clock.Advance(TimeSpan.FromDays(2));
        await DecideReviewsAsync(api, project);
        Assert.NotEmpty(await Monitor.StepRowsAsync(api.ClientFor(DemoIds.Shanghai, Roles.PrincipalInvestigator)));

        // The institution comes from the token; a parameter naming another one is not a parameter of the endpoint.
        foreach (var role in Roles.All.Where(r => r != Roles.Sponsor))
        {
            var lead = api.ClientFor(DemoIds.Lead, role);
            Assert.Empty(await Monitor.StepRowsAsync(lead));
            Assert.Empty(await Monitor.StepRowsAsync(lead, $"?institutionId={Organisations.DemoSeed.ShanghaiHospital.Id}"));
        }

        foreach (var sponsor in new[] { DemoIds.Sponsor, DemoIds.OtherSponsor })
        {
            var refused = await Expect.ProblemAsync(await api.ClientFor(sponsor, Roles.Sponsor)
                .GetAsync(new Uri("/api/v1/monitoring/steps", UriKind.Relative)), HttpStatusCode.Forbidden, "forbidden");
            Assert.Contains("cycle-times", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Steps_WithBadParameters_Are400NamingTheParameter(string database)
    {
        await using var api = new ClockedApiFactory(database, Monitor.Monday);
        var office = api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice);
        foreach (var (query, field) in new[]
        {
            ("?from=2026-13-01", "from"), ("?to=yesterday", "to"), ("?from=2026-03-02T00:00:00Z", "from"),
            ("?from=2026-03-10&to=2026-03-01", "to"), ("?format=xml", "format"),
        })
        {
            var problem = await Expect.ProblemAsync(await office.GetAsync(new Uri("/api/v1/monitoring/steps" + query, UriKind.Relative)),
                HttpStatusCode.BadRequest, "invalid-request");
            Assert.Equal(field, problem.GetProperty("field").GetString());
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Steps_WithADateOutsideTheCalendar_GiveCalendarDaysAndSayWhyWorkingDaysAreMissing(string database)
    {
        await using var api = new ClockedApiFactory(database, Monitor.Monday);
        var project = await InReviewAsync(api);

        // A stretch from before the calendar's first year (2025), as an imported history would have.
        await api.WithDbAsync(async db =>
        {
            var p = await db.SiteProjects.FindAsync(project);
            db.StepDurations.Add(new StepDurationRow
            {
                WorkflowInstanceId = p!.WorkflowInstanceId, SiteProjectId = project, InstitutionId = p.InstitutionId, StepId = "contract-signing",
                Round = 1, HeldBy = Roles.ContractOffice, Outcome = "signed",
                OpenedAt = new DateTimeOffset(2024, 12, 30, 1, 0, 0, TimeSpan.Zero), ClosedAt = new DateTimeOffset(2025, 1, 3, 1, 0, 0, TimeSpan.Zero), // 09:00 in Beijing
            });
            return await db.SaveChangesAsync();
        });

        var signing = (await Monitor.StepRowsAsync(api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice)))[(Standard, "contract-signing")];

        Assert.Equal((1, 4.0), (signing.GetProperty("count").GetInt32(), signing.Number("medianCalendarDays")));
        Assert.Null(signing.Number("medianWorkingDays"));
        Assert.Null(signing.Number("p90WorkingDays"));
        Assert.Null(signing.Number("shareWithinTarget"));
        Assert.Contains("2024-12-31 is outside it", signing.GetProperty("figuresNote").GetString(), StringComparison.Ordinal);
        var cycle = (await Monitor.CycleRowsAsync(api.ClientFor(DemoIds.Sponsor, Roles.Sponsor)))[project];
        Assert.Equal(JsonValueKind.Null, cycle.GetProperty("heldWorkingDays").ValueKind);
        Assert.Contains("covers 2025–2100", cycle.GetProperty("workingDaysNote").GetString(), StringComparison.Ordinal);
    }

    // A submitted single-site project at Shanghai with intake decided at once: the three reviews open now.
    private static Task<Guid> InReviewAsync(ClockedApiFactory api) => Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);

    private static async Task DecideReviewsAsync(ClockedApiFactory api, Guid project)
    {
        await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.EthicsCommittee, "ethics-review", "approve", reviewType: "expedited");
        await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.ApprovalOffice, "institutional-approval", "approve");
    }
}
