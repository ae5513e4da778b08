namespace TrialStartup.Api.Tests.Forecasts;

using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Messaging;
using TrialStartup.Api.Tests.Monitoring;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// A participating site of a real two-site green-channel trial, waiting for its lead: its forecast counts the wait, from
/// the lead's own forecast of its ethics approval (and of its signed contract, the unified template).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class LeadWaitForecastApiTests
{
    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Forecast_WhenTheSiteWaitsForTheLead_IsNeverEarlierThanTheLeadsForecastApprovalAndWhatFollowsIt(string database)
    {
        await using var api = new ClockedApiFactory(database, Monitor.Monday);
        var trial = await Journey.CreateTrialAsync(api, multiCenter: true);
        var lead = await Journey.SubmittedSiteAsync(api, trial, DemoIds.Lead);
        var alliance = await Journey.SubmittedSiteAsync(api, trial, DemoIds.Alliance);
        await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.SiteOffice, "intake", "complete");
        await Reviewing.DecideAsync(api, alliance, DemoIds.Alliance, Roles.SiteOffice, "intake", "complete");

        // The site office asks for its own project; the lead's project is not its to see, but the lead's forecast feeds it.
        var site = await Monitor.JsonAsync(api.ClientFor(DemoIds.Alliance, Roles.SiteOffice), $"/api/v1/site-projects/{alliance}/forecast");
        var leadForecast = await Monitor.JsonAsync(api.ClientFor(DemoIds.Lead, Roles.SiteOffice), $"/api/v1/site-projects/{lead}/forecast");

        // No history: the lead's ethics review takes its 15-working-day target from now, so the lead approves on the 15th
        // working day. The site then recognises (3), and at the earliest signs (3) and meets (10) after that.
        var steps = site.GetProperty("steps").EnumerateArray().ToDictionary(s => s.Str("stepId") + "/" + s.Str("kind"), s => s.Str("source"));
        Assert.Equal("target", leadForecast.GetProperty("steps").EnumerateArray().Single(s => s.Str("stepId") == "ethics-review").Str("source"));
        Assert.Equal("lead-site", steps["await-lead-ethics/wait"]);
        Assert.Equal("lead-site", steps["await-unified-template/wait"]);
        Assert.Contains(site.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("wait for the lead site is included", StringComparison.Ordinal));

        var calendar = api.Services.GetRequiredService<CalendarCatalog>().Get("cn-mainland");
        var leadApproval = calendar.AddWorkingDays(Instant.FromDateTimeOffset(Monitor.Monday), 15).Minus(Duration.FromSeconds(1));
        var earliest = calendar.AddWorkingDays(leadApproval, 3 + 3 + 10).Minus(Duration.FromSeconds(1)).InZone(calendar.TimeZone).Date.ToDateOnly();
        foreach (var quantile in new[] { "p50", "p80", "p95" })
        {
            var date = DateOnly.Parse(site.Str(quantile), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(date >= earliest, $"{quantile} {date} is before the lead's approval and recognition, signing and meeting ({earliest})");

            // It also waits for the lead's signed contract, and needs more after it than the lead does: never before the lead.
            Assert.True(string.CompareOrdinal(site.Str(quantile), leadForecast.Str(quantile)) > 0, $"{quantile} not after the lead's");
        }
    }

    [Theory]
    [InlineData("sqlite", true)]
    [InlineData("sqlite", false)]
    [PostgresData(true)]
    public async Task Forecast_WhenTheLeadHasNotSubmitted_EstimatesTheWaitAsIfTheLeadSubmittedNowAndSaysSo(string database, bool leadRegistered)
    {
        await using var api = new ClockedApiFactory(database, Monitor.Monday);
        var trial = await Journey.CreateTrialAsync(api, multiCenter: true);
        var lead = leadRegistered ? await Journey.RegisterSiteAsync(api, trial, DemoIds.Lead) : (Guid?)null; // not submitted, or not even registered
        var alliance = await Journey.SubmittedSiteAsync(api, trial, DemoIds.Alliance);
        await Reviewing.DecideAsync(api, alliance, DemoIds.Alliance, Roles.SiteOffice, "intake", "complete");

        var site = await Monitor.JsonAsync(api.ClientFor(DemoIds.Alliance, Roles.SiteOffice), $"/api/v1/site-projects/{alliance}/forecast");

        // As if the lead submitted now: intake 3 and ethics 15 (targets), so its approval comes on the 18th working day,
        // and the site recognises (3), signs (3) and meets (10) after it: never the 16 days a wait taken as none would give.
        var steps = site.GetProperty("steps").EnumerateArray().ToDictionary(s => s.Str("stepId") + "/" + s.Str("kind"), s => s.Str("source"));
        Assert.Equal("lead-site-not-submitted", steps["await-lead-ethics/wait"]);
        Assert.Equal("lead-site-not-submitted", steps["await-unified-template/wait"]);
        Assert.Contains(site.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("the lead site has not submitted yet", StringComparison.Ordinal));
        var calendar = api.Services.GetRequiredService<CalendarCatalog>().Get("cn-mainland");
        var leadApproval = calendar.AddWorkingDays(Instant.FromDateTimeOffset(Monitor.Monday), 18).Minus(Duration.FromSeconds(1));
        var earliest = calendar.AddWorkingDays(leadApproval, 3 + 3 + 10).Minus(Duration.FromSeconds(1)).InZone(calendar.TimeZone).Date.ToDateOnly();
        Assert.True(DateOnly.Parse(site.Str("p50"), System.Globalization.CultureInfo.InvariantCulture) >= earliest, $"p50 {site.Str("p50")} before {earliest}");

        // The lead's own forecast is not changed by it: still not submitted, no dates.
        if (lead is { } leadProject)
        {
            var own = await Monitor.JsonAsync(api.ClientFor(DemoIds.Lead, Roles.SiteOffice), $"/api/v1/site-projects/{leadProject}/forecast");
            Assert.Equal(("not-submitted", JsonValueKind.Null), (own.Str("status"), own.GetProperty("p50").ValueKind));
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Backtest_OfAParticipatingSite_CountsItsWaitForTheLeadAsTheLeadsForecastHadItThen(string database)
    {
        await using var api = new ClockedApiFactory(database, Monitor.Monday);
        var trial = await Journey.CreateTrialAsync(api, multiCenter: true);
        var lead = await Journey.SubmittedSiteAsync(api, trial, DemoIds.Lead);
        var alliance = await Journey.SubmittedSiteAsync(api, trial, DemoIds.Alliance);

        // Tuesday intake; Wednesday the lead approves (its ethics approval reaches the alliance site, which recognises it
        // Thursday, when the lead also signs: the unified template); Friday the site confirms, signs and meets.
        api.Clock.Advance(TimeSpan.FromDays(1));
        await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.SiteOffice, "intake", "complete");
        await Reviewing.DecideAsync(api, alliance, DemoIds.Alliance, Roles.SiteOffice, "intake", "complete");
        api.Clock.Advance(TimeSpan.FromDays(1));
        await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.ApprovalOffice, "institutional-approval", "approve");
        await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.EthicsCommittee, "ethics-review", "approve", "expedited");
        await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.ContractOffice, "contract-review", "agreed");
        await Reviewing.DecideAsync(api, alliance, DemoIds.Alliance, Roles.ApprovalOffice, "institutional-approval", "approve");
        await GreenChannelTests.OpenTaskAsync(api, alliance, DemoIds.Alliance, "ethics-recognition");
        api.Clock.Advance(TimeSpan.FromDays(1));
        await Reviewing.DecideAsync(api, alliance, DemoIds.Alliance, Roles.EthicsCommittee, "ethics-recognition", "recognised");
        await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.ContractOffice, "contract-signing", "signed");
        await GreenChannelTests.OpenTaskAsync(api, alliance, DemoIds.Alliance, "contract-confirmation");
        api.Clock.Advance(TimeSpan.FromDays(1));
        await Reviewing.DecideAsync(api, alliance, DemoIds.Alliance, Roles.ContractOffice, "contract-confirmation", "confirmed");
        await Reviewing.DecideAsync(api, alliance, DemoIds.Alliance, Roles.ContractOffice, "contract-signing", "signed");
        await Reviewing.DecideAsync(api, alliance, DemoIds.Alliance, Roles.PrincipalInvestigator, "startup-meeting", "held");

        var report = await Monitor.JsonAsync(api.ClientFor(DemoIds.Alliance, Roles.OfficeHead), "/api/v1/forecasts/backtest?runs=100");

        // As of the site's submission the lead had just submitted too: on the targets it approves on working day 18 and
        // signs on 23 (intake 3, ethics 15, signing 5); the site confirms on 26, signs on 29, meets on 39. Without the
        // lead's forecast the waits were taken as none: 3 + 5 + 3 + 10 = 21.
        var calendar = api.Services.GetRequiredService<CalendarCatalog>().Get("cn-mainland");
        string After(int days) => calendar.AddWorkingDays(Instant.FromDateTimeOffset(Monitor.Monday), days).Minus(Duration.FromSeconds(1))
            .InZone(calendar.TimeZone).Date.ToDateOnly().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var atSubmission = Assert.Single(report.GetProperty("cases").EnumerateArray(), c => c.Str("point") == "submission");
        Assert.Equal((alliance, "2026-03-06", After(39)), (atSubmission.GetProperty("projectId").GetGuid(), atSubmission.Str("actual"), atSubmission.Str("p50")));
        Assert.Contains("lead site's forecast as of the same instant", report.Str("basis"), StringComparison.Ordinal);
    }
}
