namespace TrialStartup.Api.Tests.Deadlines;

using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// The shipped calendar lists 2025–2026 from notices and goes on by the statutory rule: the hosts say which year runs on
/// the rule (information, readiness healthy). A calendar without a rule stops at its last year: weeks before New Year a
/// step's target reaches into the unlisted year and its command is refused, so the hosts say so ahead (readiness
/// degraded, naming the day), and the refusal is clear and changes nothing.
/// </summary>
public sealed class CalendarCoverageTests
{
    [Fact]
    public async Task Readiness_InTheSpring_IsHealthy()
    {
        await using var api = new ClockedApiFactory("sqlite", new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8)));

        var calendars = await CalendarsCheckAsync(api);

        Assert.Equal(HealthStatus.Healthy, calendars.Status);
        Assert.Equal("Healthy", await ReadinessAsync(api));
    }

    [Fact]
    public async Task Readiness_FiveWeeksBeforeTheLastNotice_IsHealthyAndSaysTheNextYearRunsOnTheRule()
    {
        await using var api = new ClockedApiFactory("sqlite", new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.FromHours(8)));

        var calendars = await CalendarsCheckAsync(api);

        Assert.Equal(HealthStatus.Healthy, calendars.Status);
        Assert.Contains("'cn-mainland' lists holiday notices up to 2026: 2027 runs on the statutory rule cn-statutory-2024 until its notice is added",
            calendars.Description, StringComparison.Ordinal);
        Assert.Equal("Healthy", await ReadinessAsync(api));
    }

    [Fact]
    public async Task Readiness_FiveWeeksBeforeACalendarWithoutARuleEnds_IsDegradedAndNamesTheFirstRefusedDay()
    {
        using var workflows = new WorkflowsCopy().WithoutCalendarRule();
        await using var api = new ClockedApiFactory("sqlite", new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.FromHours(8)),
            settings: new Dictionary<string, string>([workflows.Setting]));

        var calendars = await CalendarsCheckAsync(api);

        // The longest shipped target is the ethics review's 15 working days: 11 December is the first day it needs 2027.
        Assert.Equal(HealthStatus.Degraded, calendars.Status);
        Assert.Contains("'cn-mainland' lists holidays up to 2026-12-31 and names no rule for later years: from 2026-12-11 a step with the longest target (15 working days) is refused",
            calendars.Description, StringComparison.Ordinal);
        Assert.Contains("add 2027's holidays", calendars.Description, StringComparison.Ordinal);
        Assert.Equal("Degraded", await ReadinessAsync(api)); // still 200: the host serves everything else
    }

    [Fact]
    public async Task OpeningAStepWhoseTargetReachesTheUnlistedYearOfACalendarWithoutARule_IsRefusedNamingTheDate_AndChangesNothing()
    {
        using var workflows = new WorkflowsCopy().WithoutCalendarRule();
        await using var api = new ClockedApiFactory("sqlite", new DateTimeOffset(2026, 12, 14, 9, 0, 0, TimeSpan.FromHours(8)),
            settings: new Dictionary<string, string>([workflows.Setting]));
        var project = await Journey.SubmittedSingleSiteAsync(api, DemoIds.Shanghai); // intake: 3 working days, still in 2026
        var before = await Reviewing.VersionAsync(api, project, DemoIds.Shanghai);

        // Completing intake opens the three reviews; ethics' 15 working days from 14 December end in January.
        var response = await Reviewing.PostAsync(api, project, DemoIds.Shanghai, Roles.SiteOffice, "intake", "complete");

        var problem = await Expect.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "calendar-not-covered");
        Assert.Contains("calendar 'cn-mainland' covers 2025–2026; 2027-01-01 is outside it", problem.GetProperty("detail").GetString(),
            StringComparison.Ordinal);
        Assert.Equal(before, await Reviewing.VersionAsync(api, project, DemoIds.Shanghai));
        var calendars = await CalendarsCheckAsync(api);
        Assert.Contains("since 2026-12-11", calendars.Description, StringComparison.Ordinal);
    }

    private static async Task<HealthReportEntry> CalendarsCheckAsync(ApiFactory api)
    {
        var report = await api.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(check => check.Name == "calendars");
        return report.Entries["calendars"];
    }

    private static async Task<string> ReadinessAsync(ApiFactory api) => await (await api.ReadinessAsync()).Content.ReadAsStringAsync();
}
