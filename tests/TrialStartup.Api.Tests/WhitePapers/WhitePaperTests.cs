namespace TrialStartup.Api.Tests.WhitePapers;

using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Monitoring;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Data.Accounts;
using TrialStartup.Data.Trials;
using TrialStartup.Workflows.Definitions;
using UglyToad.PdfPig;

/// <summary>
/// <c>GET /api/v1/white-papers/{year}</c> over <see cref="GeneratedYear"/>: every figure the paper states is checked
/// against the rows the year wrote, queried here directly and computed again in the test's own words (sorting, ranks,
/// sums), for an institution's paper and for the demo authority's region.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class WhitePaperTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task AWhitePaper_OfAGeneratedYear_StatesTheFiguresTheDataGives_ForAnInstitutionAndForARegion(string database)
    {
        await using var api = new ClockedApiFactory(database, GeneratedYear.Start);
        await GeneratedYear.RunAsync(api);
        var lead = api.ClientFor(DemoIds.Lead, Roles.OfficeHead);
        var authority = api.ClientFor(DemoSeed.Authority.Code, AccountRoles.AuthorityAnalyst);

        var own = await Monitor.JsonAsync(lead, "/api/v1/white-papers/2026");
        Assert.Equal(("institution", DemoIds.Lead, 2026), (own.Str("scope"), own.Str("code"), own.GetProperty("year").GetInt32()));
        await AssertFiguresAsync(api, own, [DemoSeed.LeadHospital.Id]);

        var region = await Monitor.JsonAsync(authority, "/api/v1/white-papers/2026");
        Assert.Equal(("region", DemoSeed.Authority.Code), (region.Str("scope"), region.Str("code")));
        Assert.Equal([DemoIds.Alliance, DemoIds.Lead, DemoIds.Shanghai], region.GetProperty("institutions").EnumerateArray().Select(i => i.Str("institutionCode")));
        var regionIds = new[] { DemoSeed.AllianceHospital.Id, DemoSeed.LeadHospital.Id, DemoSeed.ShanghaiHospital.Id };
        var activated = await AssertFiguresAsync(api, region, regionIds);

        // The year holds recognitions and contracts on the unified template: the green channel is there to be checked.
        var recognition = region.GetProperty("figures").GetProperty("recognition");
        Assert.True(recognition.GetProperty("recognised").GetInt32() > 0, "the generated year recognised no lead review");
        Assert.True(activated > 5, $"only {activated} sites were activated in the generated year");
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task AWhitePaper_AsHtmlAndPdf_InEitherLanguage_IsTheSameForTheSameData_AndNamesNoProjectOrSponsor(string database)
    {
        await using var api = new ClockedApiFactory(database, GeneratedYear.Start);
        await GeneratedYear.RunAsync(api, singles: 6, trials: 1);
        var authority = api.ClientFor(DemoSeed.Authority.Code, AccountRoles.AuthorityAnalyst);
        var paper = await Monitor.JsonAsync(authority, "/api/v1/white-papers/2026");
        var state = paper.GetProperty("dataState");
        var events = state.GetProperty("events").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var html = await BytesAsync(authority, "/api/v1/white-papers/2026?format=html&language=en", "text/html");
        Assert.Equal(html, await BytesAsync(authority, "/api/v1/white-papers/2026?format=html&language=en", "text/html"));
        var page = Encoding.UTF8.GetString(html);
        Assert.Contains("<html lang=\"en\">", page, StringComparison.Ordinal);
        Assert.Contains("clinical trial start-up white paper 2026", page, StringComparison.Ordinal);
        Assert.Contains($"<dt>Events recorded</dt><dd>{events}</dd>", page, StringComparison.Ordinal);
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        var chinese = Encoding.UTF8.GetString(await BytesAsync(authority, "/api/v1/white-papers/2026?format=html", "text/html"));
        Assert.Contains("2026年度临床试验启动白皮书", chinese, StringComparison.Ordinal);
        Assert.Contains($"<dt>事件数</dt><dd>{events}</dd>", chinese, StringComparison.Ordinal);

        // Aggregates only: no project, trial or sponsor's name in the paper.
        var (projects, trials) = await api.WithDbAsync(async db => (await db.SiteProjects.Select(p => p.Id.ToString()).ToListAsync(),
            await db.Trials.Select(t => t.ProtocolNumber).ToListAsync()));
        foreach (var secret in projects.Concat(trials).Append(DemoSeed.Sponsor.Name).Append(DemoSeed.Sponsor.EnglishName))
        {
            Assert.DoesNotContain(secret, page, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, chinese, StringComparison.Ordinal);
        }

        var pdf = await BytesAsync(authority, "/api/v1/white-papers/2026?format=pdf&language=en", "application/pdf");
        Assert.Equal(pdf, await BytesAsync(authority, "/api/v1/white-papers/2026?format=pdf&language=en", "application/pdf"));
        using (var read = PdfDocument.Open(pdf))
        {
            var text = string.Concat(read.GetPages().Select(p => p.Text));
            Assert.Contains("white paper 2026", text, StringComparison.Ordinal);
            Assert.Contains($"Page 1 of {read.NumberOfPages}", read.GetPage(1).Text, StringComparison.Ordinal);
            Assert.True(read.NumberOfPages >= 2, $"{read.NumberOfPages} page(s)");
        }

        using (var read = PdfDocument.Open(await BytesAsync(authority, "/api/v1/white-papers/2026?format=pdf", "application/pdf")))
        {
            Assert.Contains("年度临床试验启动白皮书", read.GetPage(1).Text, StringComparison.Ordinal);
        }

        // A step decided later changes the data's state, and so the paper.
        var later = await Journey.SubmittedSingleSiteAsync(api, DemoIds.Shanghai);
        await Reviewing.DecideAsync(api, later, DemoIds.Shanghai, Roles.SiteOffice, "intake", "complete");
        var after = (await Monitor.JsonAsync(authority, "/api/v1/white-papers/2026")).GetProperty("dataState");
        Assert.True(after.GetProperty("events").GetInt64() > state.GetProperty("events").GetInt64());
        Assert.NotEqual(html, await BytesAsync(authority, "/api/v1/white-papers/2026?format=html&language=en", "text/html"));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task AWhitePaper_NamesTheBadParameter_AndIsAnInstitutionsOrAnAuthoritys(string database)
    {
        await using var api = new ClockedApiFactory(database, GeneratedYear.Start);
        var head = api.ClientFor(DemoIds.Lead, Roles.OfficeHead);
        foreach (var (query, field) in new[]
        {
            ("/api/v1/white-papers/1999", "year"), ("/api/v1/white-papers/2027", "year"), ("/api/v1/white-papers/last", "year"),
            ("/api/v1/white-papers/2026?format=docx", "format"),
            ("/api/v1/white-papers/2026?language=fr", "language"),
        })
        {
            var problem = await Expect.ProblemAsync(await head.GetAsync(new Uri(query, UriKind.Relative)), HttpStatusCode.BadRequest, "invalid-request");
            Assert.Equal(field, problem.Str("field"));
        }

        foreach (var client in new[] { api.ClientFor(DemoIds.Sponsor, Roles.Sponsor), api.ClientWithToken(api.TokenFor(OrganisationKinds.Platform,
            OrganisationKinds.Platform, Guid.Empty, AccountRoles.PlatformAdministrator)) })
        {
            await Expect.ProblemAsync(await client.GetAsync(new Uri("/api/v1/white-papers/2026", UriKind.Relative)), HttpStatusCode.Forbidden, "forbidden");
        }

        // Every institution role reads its own paper; an empty year is a paper of zeros, not an error.
        var empty = await Monitor.JsonAsync(api.ClientFor(DemoIds.Shanghai, Roles.ContractOffice), "/api/v1/white-papers/2026?format=json");
        Assert.Equal(0, empty.GetProperty("figures").GetProperty("activation").GetProperty("activated").GetInt32());
        Assert.All(empty.GetProperty("startupDistribution").EnumerateArray(), b => Assert.Equal(0, b.GetProperty("sites").GetInt32()));
    }

    [Theory]
    [InlineData(150, 1, 150)]
    [InlineData(200, 1, 200)]
    [InlineData(201, 2, 101)]
    [InlineData(3000, 15, 200)]
    [InlineData(3001, 16, 188)]
    public void TheBacktestOfAPaper_TakesEveryKthSite_AndAtMostTwoHundred(int sites, int every, int sampled)
    {
        var (sample, step) = TrialStartup.Api.Forecasts.BacktestSample.EveryKth(Enumerable.Range(0, sites).ToList(), TrialStartup.Api.WhitePapers.WhitePaperBacktest.MaxSites);
        Assert.Equal((every, sampled), (step, sample.Count));
        Assert.Equal(Enumerable.Range(0, sampled).Select(i => i * every), sample); // from the first, evenly over the year
    }

    // Checks the paper's figures against the rows, for the institutions given; returns how many sites were activated.
    private static async Task<int> AssertFiguresAsync(ClockedApiFactory api, JsonElement paper, Guid[] institutions)
    {
        var rows = await api.WithDbAsync(async db =>
        {
            var projects = await db.SiteProjects.AsNoTracking().Where(p => institutions.Contains(p.InstitutionId)).ToListAsync();
            var streams = projects.Select(p => p.WorkflowInstanceId).ToList();
            var events = await db.Events.AsNoTracking().Where(e => streams.Contains(e.StreamId)).Select(e => e.RecordedAt).ToListAsync();
            var statuses = await db.SiteProjectStatus.AsNoTracking().Where(s => institutions.Contains(s.InstitutionId)).ToListAsync();
            var durations = await db.StepDurations.AsNoTracking().Where(d => institutions.Contains(d.InstitutionId)).ToListAsync();
            return (projects, events, statuses, durations);
        });
        var (projects, events, statuses, durations) = rows;
        static bool In2026(DateTimeOffset at) => at.ToOffset(Beijing).Year == 2026;

        // The stamp: the data's state.
        var state = paper.GetProperty("dataState");
        Assert.Equal(events.Count, state.GetProperty("events").GetInt64());
        Assert.Equal(events.Max().ToUniversalTime(), state.GetProperty("latestEventAt").GetDateTimeOffset().ToUniversalTime());
        Assert.Equal((projects.Count, durations.Count, institutions.Length),
            (state.GetProperty("siteProjects").GetInt32(), state.GetProperty("closedStretches").GetInt32(), state.GetProperty("institutions").GetInt32()));

        // Start-up: sites activated in 2026, submission to activation in calendar days.
        var byId = projects.ToDictionary(p => p.Id);
        var activated = statuses.Where(s => s.Result == "activated" && s.EndedAt is { } at && In2026(at))
            .Select(s => (Days: (s.EndedAt!.Value - byId[s.SiteProjectId].SubmittedAt!.Value).TotalDays, s.SiteProjectId, Quarter: ((s.EndedAt.Value.ToOffset(Beijing).Month - 1) / 3) + 1))
            .ToList();
        var days = activated.Select(a => a.Days).Order().ToList();
        var figures = paper.GetProperty("figures");
        var activation = figures.GetProperty("activation");
        Assert.Equal(activated.Count, activation.GetProperty("activated").GetInt32());
        Assert.Equal(Math.Round(Median(days), 2), activation.GetProperty("submissionToActivationCalendarDays").Number("median"));
        Assert.Equal(Math.Round(days.Max(), 2), activation.GetProperty("submissionToActivationCalendarDays").Number("max"));
        Assert.Equal([196, 175, 150], activation.GetProperty("withinAnchors").EnumerateArray().Select(a => a.GetProperty("limitCalendarDays").GetInt32()));
        Assert.Equal(new[] { 196, 175, 150 }.Select(limit => days.Count(d => d <= limit)),
            activation.GetProperty("withinAnchors").EnumerateArray().Select(a => a.GetProperty("within").GetInt32()));

        // The distribution in 30-day bins, and each quarter's activations.
        var bins = paper.GetProperty("startupDistribution").EnumerateArray().ToList();
        Assert.Equal(13, bins.Count);
        Assert.Equal(Enumerable.Range(0, 13).Select(i => days.Count(d => i == 12 ? d >= 360 : d >= i * 30 && d < (i + 1) * 30)),
            bins.Select(b => b.GetProperty("sites").GetInt32()));
        Assert.Equal(Enumerable.Range(1, 4).Select(q => activated.Count(a => a.Quarter == q)),
            paper.GetProperty("quarters").EnumerateArray().Select(q => q.GetProperty("figures").GetProperty("activation").GetProperty("activated").GetInt32()));

        // Who held the work: the committee's stretches of the activated sites, averaged per site.
        var committee = activated.Sum(a => durations.Where(d => d.SiteProjectId == a.SiteProjectId && d.HeldBy == Roles.EthicsCommittee)
            .Sum(d => (d.ClosedAt - d.OpenedAt).TotalDays)) / activated.Count;
        // The paper rounds the mean to two places. It sums the days in another order, so a mean that falls on a
        // half-hundredth may round either way: the figure is within half a hundredth of the exact mean.
        var shownCommittee = activation.GetProperty("meanHeldCalendarDays").Number("committee")!.Value;
        Assert.Equal(shownCommittee, Math.Round(shownCommittee, 2));
        Assert.InRange(shownCommittee, committee - 0.005 - 1e-9, committee + 0.005 + 1e-9);

        // Ethics: each project's first approval in 2026, from the first opening of its ethics review.
        var ethicsSteps = new[] { "ethics-review", "ethics-recognition", "ethics-modification-check" };
        var approvals = durations.Where(d => ethicsSteps.Contains(d.StepId)).GroupBy(d => d.SiteProjectId).Select(g =>
        {
            var approval = g.Where(d => d.Outcome is "approve" or "recognised" or "confirmed").OrderBy(d => d.ClosedAt).FirstOrDefault();
            return approval is null ? null : new { Project = g.Key, approval.ClosedAt, Days = (approval.ClosedAt - g.Min(d => d.OpenedAt)).TotalDays, approval.StepId };
        }).Where(a => a is not null && In2026(a.ClosedAt)).ToList();
        var ethics = figures.GetProperty("ethics");
        Assert.Equal(approvals.Count, ethics.GetProperty("approved").GetInt32());
        Assert.Equal(Math.Round(Median([.. approvals.Select(a => a!.Days).Order()]), 2), ethics.GetProperty("reviewCalendarDays").Number("median"));

        // Recognition and the green channel.
        var participating = approvals.Where(a => byId[a!.Project].SiteRole == SiteRole.Participating).ToList();
        var recognition = figures.GetProperty("recognition");
        Assert.Equal((participating.Count, participating.Count(a => a!.StepId == "ethics-recognition")),
            (recognition.GetProperty("participatingApprovals").GetInt32(), recognition.GetProperty("recognised").GetInt32()));
        var submitted = projects.Where(p => p.SubmittedAt is { } at && In2026(at)).ToList();
        var green = figures.GetProperty("greenChannel");
        Assert.Equal((submitted.Count, submitted.Count(p => p.SiteRole == SiteRole.Participating)),
            (green.GetProperty("sitesSubmitted").GetInt32(), green.GetProperty("greenChannelSites").GetInt32()));
        Assert.Equal(durations.Count(d => d.StepId == "contract-confirmation" && d.Outcome == "confirmed" && In2026(d.ClosedAt)),
            green.GetProperty("greenChannelContracts").GetInt32());

        // Steps: intake completed in 2026, and every start-up meeting held in 2026 activated its site.
        var steps = paper.GetProperty("stepShares").EnumerateArray().ToDictionary(s => s.Str("stepId"));
        Assert.Equal(durations.Count(d => d.StepId == "intake" && d.Outcome == "complete" && In2026(d.ClosedAt)), steps["intake"].GetProperty("completed").GetInt32());
        Assert.Equal(activated.Count, steps["startup-meeting"].GetProperty("completed").GetInt32());

        // The backtest forecast every site activated in 2026 again, at submission and halfway.
        var backtest = paper.GetProperty("backtest");
        Assert.Equal((activated.Count, 1), (backtest.GetProperty("activated").GetInt32(), backtest.GetProperty("every").GetInt32()));
        var points = backtest.GetProperty("points").EnumerateArray().ToDictionary(p => p.Str("point"));
        Assert.Equal(activated.Count, points["submission"].GetProperty("projects").GetInt32());
        Assert.Equal(activated.Count, points["halfway"].GetProperty("projects").GetInt32());
        var covered = points["submission"].Number("p80Coverage");
        Assert.True(covered is >= 0 and <= 1, $"p80 coverage {covered}");
        return activated.Count;
    }

    // The median of sorted values: the middle one, or the mean of the two middle ones.
    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;

    private static async Task<byte[]> BytesAsync(HttpClient client, string path, string contentType)
    {
        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }
}
