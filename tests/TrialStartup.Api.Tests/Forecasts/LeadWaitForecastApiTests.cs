namespace TrialStartup.Api.Tests.Forecasts;

using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using TrialStartup.Api.Tests.Infrastructure;
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
}
