namespace TrialStartup.Api.Tests.Anchors;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Monitoring;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Data.Accounts;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// The anchor report (<c>/api/v1/authority/anchors</c> and an institution's <c>/api/v1/monitoring/anchors</c>) over
/// <see cref="AnchorHistory"/>: every expected figure is worked out by hand from the history's calendar days.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AnchorReportTests(ApiHosts hosts)
{
    private const string Year2026 = "?from=2026-01-01&to=2026-12-31";

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task AuthorityAnchors_OverAYearOfKnownDurations_GiveTheSharesDistributionsRecognitionAndGreenChannel(string database)
    {
        await using var api = new ClockedApiFactory(database, AnchorHistory.Submitted.AddYears(2));
        await AnchorHistory.SeedAsync(api);
        var report = await Monitor.JsonAsync(Analyst(api), "/api/v1/authority/anchors" + Year2026);

        Assert.Equal(["bj-alliance", "bj-lead", "sh-site"], report.GetProperty("institutions").EnumerateArray().Select(i => i.Str("institutionCode")));
        Assert.Contains("calendar days", report.Str("basis"), StringComparison.Ordinal);
        Assert.Equal([("beijing-28-weeks", 196), ("shanghai-25-weeks", 175), ("uk-150-days", 150), ("ethics-3-weeks", 21)],
            report.GetProperty("anchors").EnumerateArray().Select(a => (a.Str("id"), a.GetProperty("limitCalendarDays").GetInt32())));

        // bj-lead: activated after 100, 160, 180, 200 days in 2026 (the 400-day one in 2027 is outside). Median (160+180)/2;
        // p80 at rank 2.4 = 180 + 0.4 × 20; p90 at rank 2.7 = 180 + 0.7 × 20. Within 196: three; 175: two; 150: one.
        var lead = Figures(report, "bj-lead");
        var activation = lead.GetProperty("activation");
        Assert.Equal(4, activation.GetProperty("activated").GetInt32());
        Assert.Equal((170, 188, 194, 160, 200), Distribution(activation.GetProperty("submissionToActivationCalendarDays")));
        Assert.Equal([(3, 0.75), (2, 0.5), (1, 0.25)], Shares(activation.GetProperty("withinAnchors")));

        // Held: site = intake 1 + contract 20/30/40/50, a mean of 36; committee = ethics 10/20/30/15, a mean of 18.75.
        var held = activation.GetProperty("meanHeldCalendarDays");
        Assert.Equal((36, 18.75, 0), (held.GetProperty("site").GetDouble(), held.GetProperty("committee").GetDouble(), held.GetProperty("sponsor").GetDouble()));

        // Ethics 10, 15, 20, 30: median 17.5, p80 = 20 + 0.4 × 10, p90 = 20 + 0.7 × 10; within 21 days: three of four.
        var ethics = lead.GetProperty("ethics");
        Assert.Equal((17.5, 24, 27, 18.75, 30), Distribution(ethics.GetProperty("reviewCalendarDays")));
        Assert.Equal((3, 0.75), Share(ethics.GetProperty("withinThreeWeeks")));
        var leadGreen = lead.GetProperty("greenChannel");
        Assert.Equal((5, 0, 0.0, 1), (leadGreen.GetProperty("sitesSubmitted").GetInt32(), leadGreen.GetProperty("greenChannelSites").GetInt32(),
            leadGreen.GetProperty("greenChannelShare").GetDouble(), leadGreen.GetProperty("innovativeTrackSites").GetInt32()));
        Assert.Equal((4, 35.0), (leadGreen.GetProperty("negotiatedContracts").GetInt32(), leadGreen.GetProperty("negotiatedMedianContractCalendarDays").GetDouble()));
        Assert.Equal(JsonValueKind.Null, leadGreen.GetProperty("medianContractCalendarDaysSaved").ValueKind); // no green-channel contract here

        // bj-alliance recognised both times; sh-site reviewed in full (10 days, the sponsor's 10, the check's 5 = 25) and breached once in 2026.
        Assert.Equal((2, 2, 0, 1.0), Recognition(Figures(report, "bj-alliance")));
        var shanghai = Figures(report, "sh-site");
        Assert.Equal((1, 0, 1, 0.0), Recognition(shanghai));
        Assert.Equal((25, 25, 25, 25, 25), Distribution(shanghai.GetProperty("ethics").GetProperty("reviewCalendarDays")));
        Assert.Equal(1, shanghai.GetProperty("breaches").GetProperty("stepBreaches").GetInt32());

        // The region pools the sites: ethics 2, 4, 10, 15, 20, 25, 30 (median 15, p80 = 20 + 0.8 × 5, p90 = 25 + 0.4 × 5,
        // mean 106 / 7, five within 21 days); recognition 2 of 3; green channel 3 of 8 submitted; contracts negotiated in a
        // median of 35 days and confirmed in a median of 6, so 29 days saved; two sponsors, counted.
        var region = report.GetProperty("region");
        Assert.Equal((15, 24, 27, 15.14, 30), Distribution(region.GetProperty("ethics").GetProperty("reviewCalendarDays")));
        Assert.Equal((5, 0.7143), Share(region.GetProperty("ethics").GetProperty("withinThreeWeeks")));
        Assert.Equal((3, 2, 1, 0.6667), Recognition(region));
        var green = region.GetProperty("greenChannel");
        Assert.Equal((8, 3, 0.375), (green.GetProperty("sitesSubmitted").GetInt32(), green.GetProperty("greenChannelSites").GetInt32(),
            green.GetProperty("greenChannelShare").GetDouble()));
        Assert.Equal((2, 6.0, 4, 35.0, 29.0), (green.GetProperty("greenChannelContracts").GetInt32(), green.GetProperty("greenChannelMedianContractCalendarDays").GetDouble(),
            green.GetProperty("negotiatedContracts").GetInt32(), green.GetProperty("negotiatedMedianContractCalendarDays").GetDouble(),
            green.GetProperty("medianContractCalendarDaysSaved").GetDouble()));
        Assert.Equal(2, region.GetProperty("sponsors").GetInt32());
        Assert.Equal(1, region.GetProperty("breaches").GetProperty("stepBreaches").GetInt32());
        Assert.Equal(activation.GetRawText(), region.GetProperty("activation").GetRawText()); // only bj-lead activated sites

        // Sponsors appear only as a count: neither sponsor's name, code or id is in the answer.
        var text = report.GetRawText();
        foreach (var sponsor in new[] { DemoSeed.Sponsor, DemoSeed.OtherSponsor })
        {
            Assert.DoesNotContain(sponsor.Code, text, StringComparison.Ordinal);
            Assert.DoesNotContain(sponsor.EnglishName, text, StringComparison.Ordinal);
            Assert.DoesNotContain(sponsor.Id.ToString(), text, StringComparison.OrdinalIgnoreCase);
        }

        // The institution reads its own entry, the same figures, and no region.
        var own = await Monitor.JsonAsync(api.ClientFor(DemoIds.Lead, Roles.OfficeHead), "/api/v1/monitoring/anchors" + Year2026);
        Assert.Equal(JsonValueKind.Null, own.GetProperty("region").ValueKind);
        Assert.Equal(lead.GetRawText(), own.GetProperty("institutions").EnumerateArray().Single().GetProperty("figures").GetRawText());
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task AuthorityAnchors_ForAPeriod_CountOnlyWhatHappenedInIt_BothEndsIncluded(string database)
    {
        await using var api = new ClockedApiFactory(database, AnchorHistory.Submitted.AddYears(2));
        await AnchorHistory.SeedAsync(api);
        var analyst = Analyst(api);

        // From June: activations on 14 June (160 days), 4 July (180) and 24 July (200); nothing else happened then. Median
        // 180, p80 at rank 1.6 = 180 + 0.6 × 20, p90 at rank 1.8 = 180 + 0.8 × 20.
        var summer = Figures(await Monitor.JsonAsync(analyst, "/api/v1/authority/anchors?from=2026-06-01&to=2026-12-31"), "bj-lead");
        Assert.Equal((180, 192, 196, 180, 200), Distribution(summer.GetProperty("activation").GetProperty("submissionToActivationCalendarDays")));
        Assert.Equal([(2, 0.6667), (1, 0.3333), (0, 0.0)], Shares(summer.GetProperty("activation").GetProperty("withinAnchors")));
        Assert.Equal(0, summer.GetProperty("ethics").GetProperty("approved").GetInt32());
        Assert.Equal(JsonValueKind.Null, summer.GetProperty("ethics").GetProperty("withinThreeWeeks").GetProperty("share").ValueKind);
        Assert.Equal(0, summer.GetProperty("greenChannel").GetProperty("sitesSubmitted").GetInt32());

        // Up to 15 April, the day of the 100-day activation (09:00 in Beijing): that day counts.
        var spring = Figures(await Monitor.JsonAsync(analyst, "/api/v1/authority/anchors?to=2026-04-15"), "bj-lead");
        Assert.Equal(1, spring.GetProperty("activation").GetProperty("activated").GetInt32());
        var spring14 = Figures(await Monitor.JsonAsync(analyst, "/api/v1/authority/anchors?to=2026-04-14"), "bj-lead");
        Assert.Equal(0, spring14.GetProperty("activation").GetProperty("activated").GetInt32());

        // Without a period, everything: five activations (the 400-day one too) and both of sh-site's fired breaches.
        var all = await Monitor.JsonAsync(analyst, "/api/v1/authority/anchors");
        Assert.Equal(5, Figures(all, "bj-lead").GetProperty("activation").GetProperty("activated").GetInt32());
        Assert.Equal(2, all.GetProperty("region").GetProperty("breaches").GetProperty("stepBreaches").GetInt32());
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task AuthorityAnchors_AsCsv_HoldTheSameFiguresAsTheJson_OneRowPerInstitutionAndTheRegion(string database)
    {
        await using var api = new ClockedApiFactory(database, AnchorHistory.Submitted.AddYears(2));
        await AnchorHistory.SeedAsync(api);
        var analyst = Analyst(api);
        var json = await Monitor.JsonAsync(analyst, "/api/v1/authority/anchors" + Year2026);
        var rows = await Monitor.CsvAsync(await analyst.GetAsync(new Uri("/api/v1/authority/anchors" + Year2026 + "&format=csv", UriKind.Relative)),
            "anchors-demo-nhc-from-2026-01-01-to-2026-12-31");
        var byAccept = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/authority/anchors" + Year2026, UriKind.Relative));
        byAccept.Headers.Accept.ParseAdd("text/csv");
        Assert.Equal(rows, await Monitor.CsvAsync(await analyst.SendAsync(byAccept), "anchors-demo-nhc"));

        Assert.Equal(["institution", "institution", "institution", "region"], rows.Select(r => r["scope"]));
        var entries = json.GetProperty("institutions").EnumerateArray().Select(i => (Code: i.Str("institutionCode"), Figures: i.GetProperty("figures")))
            .Append((Code: "", Figures: json.GetProperty("region"))).ToList();
        Assert.Equal(entries.Count, rows.Count);
        for (var index = 0; index < rows.Count; index++)
        {
            var (code, figures) = entries[index];
            var row = rows[index];
            Assert.Equal(code, row["institutionCode"]);
            Assert.Equal("2026-01-01", row["from"]);
            var activation = figures.GetProperty("activation");
            var startup = activation.GetProperty("submissionToActivationCalendarDays");
            Assert.Equal(activation.GetProperty("activated").GetInt32(), row.CsvNumber("activated"));
            Assert.Equal(startup.Number("median"), row.CsvNumber("startupMedianCalendarDays"));
            Assert.Equal(startup.Number("p80"), row.CsvNumber("startupP80CalendarDays"));
            Assert.Equal(startup.Number("p90"), row.CsvNumber("startupP90CalendarDays"));
            var shares = activation.GetProperty("withinAnchors").EnumerateArray().ToList();
            Assert.Equal(shares[0].Number("share"), row.CsvNumber("shareWithinBeijing28Weeks"));
            Assert.Equal(shares[1].Number("share"), row.CsvNumber("shareWithinShanghai25Weeks"));
            Assert.Equal(shares[2].Number("share"), row.CsvNumber("shareWithinUk150Days"));
            Assert.Equal(figures.GetProperty("ethics").GetProperty("reviewCalendarDays").Number("median"), row.CsvNumber("ethicsMedianCalendarDays"));
            Assert.Equal(figures.GetProperty("ethics").GetProperty("withinThreeWeeks").Number("share"), row.CsvNumber("ethicsShareWithin3Weeks"));
            Assert.Equal(figures.GetProperty("recognition").Number("recognitionRate"), row.CsvNumber("recognitionRate"));
            Assert.Equal(figures.GetProperty("greenChannel").Number("medianContractCalendarDaysSaved"), row.CsvNumber("medianContractCalendarDaysSaved"));
            Assert.Equal(figures.GetProperty("breaches").GetProperty("stepBreaches").GetInt32(), row.CsvNumber("stepBreaches"));
            Assert.Equal(figures.GetProperty("sponsors").GetInt32(), row.CsvNumber("sponsors"));
        }

        Assert.Equal(29, rows[^1].CsvNumber("medianContractCalendarDaysSaved"));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Anchors_WithABadPeriodOrFormat_Answer400NamingTheField(string database)
    {
        var api = hosts.For(database);
        foreach (var (client, path) in new[] { (Analyst(api), "/api/v1/authority/anchors"), (api.ClientFor(DemoIds.Lead, Roles.OfficeHead), "/api/v1/monitoring/anchors") })
        {
            foreach (var (query, field) in new[] { ("?from=2026-13-01", "from"), ("?to=1%20May", "to"), ("?from=2026-05-02&to=2026-05-01", "to"),
                ("?format=xml", "format") })
            {
                var problem = await Expect.ProblemAsync(await client.GetAsync(new Uri(path + query, UriKind.Relative)), HttpStatusCode.BadRequest,
                    "invalid-request");
                Assert.Equal(field, problem.Str("field"));
            }
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task InstitutionAnchors_OfASiteRunThroughItsWorkflow_MeasureItsRealStretches(string database)
    {
        await using var api = new ClockedApiFactory(database, Monitor.Monday);
        var trial = await Journey.CreateTrialAsync(api, singleSite: DemoIds.Shanghai);
        var project = await Journey.RegisterSiteAsync(api, trial, DemoIds.Shanghai);
        await Journey.AddRequiredDocumentsAsync(api, project);
        await Expect.StatusAsync(await api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice)
            .PostAsync(new Uri($"/api/v1/site-projects/{project}/submit", UriKind.Relative), null), HttpStatusCode.OK);

        // Day 1 intake, approval and the contract agreed; day 3 ethics approves (2 days after its review opened); day 4
        // signed; day 9 the start-up meeting is held: activated 9 calendar days after submission.
        foreach (var (days, role, step, outcome) in new[]
        {
            (1.0, Roles.SiteOffice, "intake", "complete"), (0, Roles.ApprovalOffice, "institutional-approval", "approve"),
            (0, Roles.ContractOffice, "contract-review", "agreed"), (2, Roles.EthicsCommittee, "ethics-review", "approve"),
            (1, Roles.ContractOffice, "contract-signing", "signed"), (5, Roles.PrincipalInvestigator, "startup-meeting", "held"),
        })
        {
            api.Clock.Advance(TimeSpan.FromDays(days));
            await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, role, step, outcome, reviewType: step == "ethics-review" ? "full-board" : null);
        }

        var figures = (await Monitor.JsonAsync(api.ClientFor(DemoIds.Shanghai, Roles.OfficeHead), "/api/v1/monitoring/anchors?from=2026-03-01&to=2026-03-31"))
            .GetProperty("institutions").EnumerateArray().Single().GetProperty("figures");
        var activation = figures.GetProperty("activation");
        Assert.Equal((1, 9.0), (activation.GetProperty("activated").GetInt32(), activation.GetProperty("submissionToActivationCalendarDays").GetProperty("median").GetDouble()));
        Assert.Equal([(1, 1.0), (1, 1.0), (1, 1.0)], Shares(activation.GetProperty("withinAnchors")));
        Assert.Equal((1, 2.0), (figures.GetProperty("ethics").GetProperty("approved").GetInt32(),
            figures.GetProperty("ethics").GetProperty("reviewCalendarDays").GetProperty("median").GetDouble()));
        Assert.Equal((1, 0.0), (figures.GetProperty("greenChannel").GetProperty("negotiatedContracts").GetInt32(),
            figures.GetProperty("greenChannel").GetProperty("negotiatedMedianContractCalendarDays").GetDouble()));
        Assert.Equal(0, figures.GetProperty("recognition").GetProperty("participatingApprovals").GetInt32()); // a single site recognises nothing

        // The authority reads each covered institution's turnaround per step exactly as the institution reads its own.
        var ownSteps = await Monitor.JsonAsync(api.ClientFor(DemoIds.Shanghai, Roles.OfficeHead), "/api/v1/monitoring/steps?from=2026-03-01");
        var authoritySteps = await Monitor.JsonAsync(Analyst(api), "/api/v1/authority/steps?from=2026-03-01");
        Assert.Equal(["bj-alliance", "bj-lead", "sh-site"], authoritySteps.GetProperty("institutions").EnumerateArray().Select(i => i.Str("institutionCode")));
        var shanghaiSteps = authoritySteps.GetProperty("institutions").EnumerateArray().Single(i => i.Str("institutionCode") == "sh-site").GetProperty("rows");
        Assert.Equal(6, shanghaiSteps.GetArrayLength());
        Assert.Equal(ownSteps.GetProperty("rows").GetRawText(), shanghaiSteps.GetRawText());
        var csv = await Monitor.CsvAsync(await Analyst(api).GetAsync(new Uri("/api/v1/authority/steps?from=2026-03-01&format=csv", UriKind.Relative)),
            "step-turnaround-demo-nhc-from-2026-03-01");
        Assert.Equal(6, csv.Count);
        Assert.All(csv, row => Assert.Equal("sh-site", row["institutionCode"]));
        Assert.Equal(shanghaiSteps.EnumerateArray().Select(r => r.Str("stepId")), csv.Select(r => r["stepId"]));
    }

    private static HttpClient Analyst(ApiFactory api) => api.ClientFor(DemoSeed.Authority.Code, AccountRoles.AuthorityAnalyst);

    private static JsonElement Figures(JsonElement report, string code) =>
        report.GetProperty("institutions").EnumerateArray().Single(i => i.Str("institutionCode") == code).GetProperty("figures");

    private static (double?, double?, double?, double?, double?) Distribution(JsonElement d) =>
        (d.Number("median"), d.Number("p80"), d.Number("p90"), d.Number("mean"), d.Number("max"));

    private static (int, double?) Share(JsonElement share) => (share.GetProperty("within").GetInt32(), share.Number("share"));

    private static List<(int, double?)> Shares(JsonElement shares) => [.. shares.EnumerateArray().Select(Share)];

    private static (int, int, int, double?) Recognition(JsonElement figures)
    {
        var r = figures.GetProperty("recognition");
        return (r.GetProperty("participatingApprovals").GetInt32(), r.GetProperty("recognised").GetInt32(), r.GetProperty("fullReview").GetInt32(),
            r.Number("recognitionRate"));
    }
}
