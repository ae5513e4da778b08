namespace TrialStartup.Api.Tests.Forecasts;

using System.Net;
using System.Text.Json;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Monitoring;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// <c>GET /api/v1/site-projects/{id}/forecast</c> and <c>GET /api/v1/trials/{id}/forecast</c> on projects moved through
/// their steps over HTTP, with the host's clock moved between decisions, on each database.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ForecastApiTests
{
    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Forecast_WhenTenApprovalsTookTwoWorkingDays_DrawsTheNextFromTheInstitutionAndMovesWhenAStepCompletes(string database)
    {
        await using var api = new ClockedApiFactory(database, Monitor.Monday);

        // Ten projects whose institutional approval took two working days (Monday to Wednesday): the institution's own history.
        var past = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            past.Add(await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai));
        }

        api.Clock.Advance(TimeSpan.FromDays(2));
        foreach (var project in past)
        {
            await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.ApprovalOffice, "institutional-approval", "approve");
        }

        var project11 = await Journey.SubmittedSingleSiteAsync(api, DemoIds.Shanghai);
        var office = api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice);
        var forecast = await Monitor.JsonAsync(office, $"/api/v1/site-projects/{project11}/forecast");

        Assert.Equal("open", forecast.Str("status"));
        Assert.Equal(1000, forecast.GetProperty("runs").GetInt32());
        var steps = Steps(forecast);
        Assert.Equal(("institution", 10), steps[("intake", "decision")]); // the ten past intakes; project 11's is still open
        Assert.Equal(("institution", 10), steps[("institutional-approval", "decision")]);
        Assert.Equal("target", steps[("ethics-review", "decision")].Source);
        Assert.Equal("target", steps[("startup-meeting", "decision")].Source);

        // From Wednesday 4 March 2026: intake 0 days (all ten were decided at once); the reviews join when ethics' 15-day
        // target ends (approval's 2 and contract's 10 are shorter), on Wednesday 25 March; signing's 5 end on Wednesday 1
        // April; the meeting's 10 skip the Qingming holiday (Saturday 4 to Monday 6 April) and end on Thursday 16 April.
        Assert.Equal("2026-04-16", forecast.Str("p50"));
        Assert.Equal(forecast.Str("p50"), forecast.Str("p95")); // every draw here is fixed: zero, two, or the target
        Assert.Equal(1.0, forecast.GetProperty("outcomes").EnumerateArray().Single(o => o.Str("result") == "activated").GetProperty("probability").GetDouble());

        // The sponsor sees the same forecast (same seed, same state); after intake, intake is no longer a remaining step.
        var sponsor = api.ClientFor(DemoIds.Sponsor, Roles.Sponsor);
        Assert.Equal(forecast.Str("p80"), (await Monitor.JsonAsync(sponsor, $"/api/v1/site-projects/{project11}/forecast")).Str("p80"));
        await Reviewing.DecideAsync(api, project11, DemoIds.Shanghai, Roles.SiteOffice, "intake", "complete");
        var afterIntake = Steps(await Monitor.JsonAsync(office, $"/api/v1/site-projects/{project11}/forecast"));
        Assert.False(afterIntake.ContainsKey(("intake", "decision")));
        Assert.True(afterIntake.ContainsKey(("ethics-review", "decision")));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Forecast_IsSeenByTheProjectsInstitutionAndSponsorOnly_AndRefusesBadRuns(string database)
    {
        await using var api = new ClockedApiFactory(database, Monitor.Monday);
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
        var path = $"/api/v1/site-projects/{project}/forecast";

        await Expect.StatusAsync(await api.ClientFor(DemoIds.Shanghai, Roles.EthicsCommittee).GetAsync(new Uri(path, UriKind.Relative)), HttpStatusCode.OK);
        await Expect.StatusAsync(await api.ClientFor(DemoIds.Sponsor, Roles.Sponsor).GetAsync(new Uri(path, UriKind.Relative)), HttpStatusCode.OK);

        // Another institution and another sponsor get the detail endpoint's 404, as for an id that does not exist.
        foreach (var outsider in new[] { api.ClientFor(DemoIds.Lead, Roles.SiteOffice), api.ClientFor(DemoIds.OtherSponsor, Roles.Sponsor) })
        {
            await Expect.ProblemAsync(await outsider.GetAsync(new Uri(path, UriKind.Relative)), HttpStatusCode.NotFound, "not-found");
            await Expect.ProblemAsync(await outsider.GetAsync(new Uri($"/api/v1/site-projects/{project}", UriKind.Relative)), HttpStatusCode.NotFound, "not-found");
        }

        var tooFew = await api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice).GetAsync(new Uri(path + "?runs=5", UriKind.Relative));
        var problem = await Expect.ProblemAsync(tooFew, HttpStatusCode.BadRequest, "invalid-request");
        Assert.Equal("runs", problem.Str("field"));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task TrialForecast_GivesTheSponsorKOfNForEverySite_AndAnInstitutionItsOwnSiteOnly(string database)
    {
        await using var api = new ClockedApiFactory(database, Monitor.Monday);
        var trial = await Journey.CreateTrialAsync(api, multiCenter: true);
        var lead = await Journey.SubmittedSiteAsync(api, trial, DemoIds.Lead);
        var shanghai = await Journey.SubmittedSiteAsync(api, trial, DemoIds.Shanghai);
        var path = $"/api/v1/trials/{trial}/forecast?runs=200";

        var forSponsor = await Monitor.JsonAsync(api.ClientFor(DemoIds.Sponsor, Roles.Sponsor), path);
        var activations = forSponsor.GetProperty("activations").EnumerateArray().ToList();
        Assert.Equal([1, 2], activations.Select(a => a.GetProperty("sites").GetInt32()));
        Assert.Equal([lead, shanghai], forSponsor.GetProperty("sites").EnumerateArray().Select(s => s.GetProperty("siteProjectId").GetGuid()));
        Assert.All(forSponsor.GetProperty("sites").EnumerateArray(), s => Assert.Equal(200, s.GetProperty("runs").GetInt32()));

        // The second activation is never before the first, and both sites activate in every run (no history of failure).
        Assert.True(string.CompareOrdinal(activations[0].Str("p50"), activations[1].Str("p50")) <= 0);
        Assert.Equal(1.0, activations[1].GetProperty("probability").GetDouble());

        var forShanghai = await Monitor.JsonAsync(api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice), path);
        Assert.Equal(shanghai, forShanghai.GetProperty("sites").EnumerateArray().Single().GetProperty("siteProjectId").GetGuid());
        await Expect.ProblemAsync(await api.ClientFor(DemoIds.OtherSponsor, Roles.Sponsor).GetAsync(new Uri(path, UriKind.Relative)),
            HttpStatusCode.NotFound, "not-found");
        var badRuns = await Expect.ProblemAsync(await api.ClientFor(DemoIds.Sponsor, Roles.Sponsor)
            .GetAsync(new Uri($"/api/v1/trials/{trial}/forecast?runs=20000", UriKind.Relative)), HttpStatusCode.BadRequest, "invalid-request");
        Assert.Equal("runs", badRuns.Str("field"));
    }

    private static Dictionary<(string StepId, string Kind), (string Source, int Samples)> Steps(JsonElement forecast) =>
        forecast.GetProperty("steps").EnumerateArray().ToDictionary(s => (s.Str("stepId"), s.Str("kind")),
            s => (s.Str("source"), s.GetProperty("samples").GetInt32()));
}
