namespace TrialStartup.Api.Tests.Forecasts;

using System.Net;
using TrialStartup.Api.Forecasts;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Monitoring;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Workflows.Definitions;

/// <summary><c>GET /api/v1/forecasts/backtest</c>: the institution's activated projects forecast again as of their past.</summary>
[Collection(ApiCollection.Name)]
public sealed class BacktestApiTests
{
    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Backtest_OfThreeProjectsActivatedInFourDays_ComparesTheirTargetForecastsWithTheRealDate(string database)
    {
        await using var api = new ClockedApiFactory(database, Monitor.Monday);
        var projects = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            projects.Add(await Journey.SubmittedSingleSiteAsync(api, DemoIds.Shanghai));
        }

        // Submitted Monday 2 March 09:00; intake Tuesday, the three reviews Wednesday, signing Thursday, meeting Friday 6 March.
        await EachAsync(api, projects, TimeSpan.FromDays(1), (Roles.SiteOffice, "intake", "complete"));
        await EachAsync(api, projects, TimeSpan.FromDays(1), (Roles.ApprovalOffice, "institutional-approval", "approve"),
            (Roles.EthicsCommittee, "ethics-review", "approve"), (Roles.ContractOffice, "contract-review", "agreed"));
        await EachAsync(api, projects, TimeSpan.FromDays(1), (Roles.ContractOffice, "contract-signing", "signed"));
        await EachAsync(api, projects, TimeSpan.FromDays(1), (Roles.PrincipalInvestigator, "startup-meeting", "held"));

        var report = await Monitor.JsonAsync(api.ClientFor(DemoIds.Shanghai, Roles.OfficeHead), "/api/v1/forecasts/backtest?runs=100");

        // Too little history before either point (under 10 stretches per step), so every step takes its target:
        // - at submission: 3 + 15 + 5 + 10 = 33 working days, to Friday 17 April (Qingming, 4-6 April, skipped); 42 days late;
        // - halfway (Wednesday 09:00, the reviews just decided): signing 5 + meeting 10 = 15 working days, to Wednesday 25 March.
        var points = report.GetProperty("points").EnumerateArray().ToDictionary(p => p.Str("point"));
        Assert.Equal((3, 3, 1.0, 1.0, 42.0), (points["submission"].GetProperty("projects").GetInt32(), points["submission"].GetProperty("forecast").GetInt32(),
            points["submission"].Number("p80Coverage"), points["submission"].Number("p50Coverage"), points["submission"].Number("medianAbsoluteErrorDays")));
        Assert.Equal(19.0, points["halfway"].Number("medianAbsoluteErrorDays"));
        var cases = report.GetProperty("cases").EnumerateArray().ToList();
        Assert.Equal((3, 1), (report.GetProperty("activated").GetInt32(), report.GetProperty("every").GetInt32()));
        Assert.Equal(6, cases.Count);
        Assert.All(cases, c => Assert.Equal("2026-03-06", c.Str("actual")));
        Assert.All(cases.Where(c => c.Str("point") == "submission"), c => Assert.Equal("2026-04-17", c.Str("p50")));
        Assert.All(cases.Where(c => c.Str("point") == "halfway"), c => Assert.Equal("2026-03-25", c.Str("p50")));

        // A period that ends before the activations holds none of them.
        var before = await Monitor.JsonAsync(api.ClientFor(DemoIds.Shanghai, Roles.OfficeHead), "/api/v1/forecasts/backtest?to=2026-03-05");
        Assert.Equal(0, before.GetProperty("cases").GetArrayLength());
    }

    [Fact]
    public async Task Backtest_OfMoreProjectsThanItsRunsAllow_ForecastsEveryKthInOrderOfActivation()
    {
        // 10,000 runs per forecast allow 10 projects (100,000 runs per point): 11 activated projects give every 2nd.
        Assert.Equal(10, ForecastsApi.MaxBacktestProjects(ForecastsApi.MaxRuns));
        Assert.Equal(200, ForecastsApi.MaxBacktestProjects(ForecastsApi.DefaultBacktestRuns));
        await using var api = new ClockedApiFactory("sqlite", Monitor.Monday);
        var projects = new List<Guid>();
        for (var i = 0; i < 11; i++)
        {
            projects.Add(await Journey.SubmittedSingleSiteAsync(api, DemoIds.Shanghai));
        }

        await EachAsync(api, projects, TimeSpan.FromDays(1), (Roles.SiteOffice, "intake", "complete"));
        await EachAsync(api, projects, TimeSpan.FromDays(1), (Roles.ApprovalOffice, "institutional-approval", "approve"),
            (Roles.EthicsCommittee, "ethics-review", "approve"), (Roles.ContractOffice, "contract-review", "agreed"));
        await EachAsync(api, projects, TimeSpan.FromDays(1), (Roles.ContractOffice, "contract-signing", "signed"));

        // Started one a day apart, so the order of activation is the order of the list.
        foreach (var project in projects)
        {
            api.Clock.Advance(TimeSpan.FromDays(1));
            await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.PrincipalInvestigator, "startup-meeting", "held", null);
        }

        var report = await Monitor.JsonAsync(api.ClientFor(DemoIds.Shanghai, Roles.OfficeHead), $"/api/v1/forecasts/backtest?runs={ForecastsApi.MaxRuns}");

        Assert.Equal((11, 2, ForecastsApi.MaxRuns), (report.GetProperty("activated").GetInt32(), report.GetProperty("every").GetInt32(), report.GetProperty("runs").GetInt32()));
        var backtested = report.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("projectId").GetGuid()).Distinct().Order().ToList();
        Assert.Equal(projects.Where((_, i) => i % 2 == 0).Order(), backtested); // the 1st, 3rd, … 11th activated
        Assert.All(report.GetProperty("points").EnumerateArray(), p => Assert.Equal(6, p.GetProperty("projects").GetInt32()));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Backtest_IsAnInstitutionsOwn_AndNamesTheBadField(string database)
    {
        await using var api = new ClockedApiFactory(database, Monitor.Monday);

        await Expect.ProblemAsync(await api.ClientFor(DemoIds.Sponsor, Roles.Sponsor).GetAsync(new Uri("/api/v1/forecasts/backtest", UriKind.Relative)),
            HttpStatusCode.Forbidden, "forbidden");
        var office = api.ClientFor(DemoIds.Shanghai, Roles.OfficeHead);
        var badFrom = await Expect.ProblemAsync(await office.GetAsync(new Uri("/api/v1/forecasts/backtest?from=March", UriKind.Relative)),
            HttpStatusCode.BadRequest, "invalid-request");
        Assert.Equal("from", badFrom.Str("field"));
        var reversed = await Expect.ProblemAsync(await office.GetAsync(new Uri("/api/v1/forecasts/backtest?from=2026-03-02&to=2026-03-01", UriKind.Relative)),
            HttpStatusCode.BadRequest, "invalid-request");
        Assert.Equal("to", reversed.Str("field"));
        var badRuns = await Expect.ProblemAsync(await office.GetAsync(new Uri("/api/v1/forecasts/backtest?runs=0", UriKind.Relative)),
            HttpStatusCode.BadRequest, "invalid-request");
        Assert.Equal("runs", badRuns.Str("field"));
    }

    private static async Task EachAsync(ClockedApiFactory api, List<Guid> projects, TimeSpan after, params (string Role, string StepId, string Outcome)[] decisions)
    {
        api.Clock.Advance(after);
        foreach (var project in projects)
        {
            foreach (var (role, stepId, outcome) in decisions)
            {
                await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, role, stepId, outcome, stepId == "ethics-review" ? "expedited" : null);
            }
        }
    }
}
