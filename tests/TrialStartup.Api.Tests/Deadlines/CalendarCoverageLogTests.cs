namespace TrialStartup.Api.Tests.Deadlines;

using Microsoft.Extensions.Logging;
using TrialStartup.Api.Tests.Infrastructure;

/// <summary>
/// What operators read in the log at start-up about the working-day calendars (the readiness check says the same, and
/// has its own tests): from 60 days before the last listed year ends, a calendar with a statutory rule gets one
/// information line saying which year runs on the rule, one without a rule a warning naming the first day a step is
/// refused. Earlier in the year the hosts say nothing about it.
/// </summary>
public sealed class CalendarCoverageLogTests
{
    private const string Category = "TrialStartup.Messaging.Health.CalendarCoverageLog";
    private static readonly DateTimeOffset FiveWeeksBeforeNewYear = new(2026, 11, 26, 9, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task CalendarCoverageLog_WhenTheHostStartsFiveWeeksBeforeTheLastNoticeEnds_SaysOnceThatTheNextYearRunsOnTheRule()
    {
        await using var api = new ObservedApiFactory("sqlite", FiveWeeksBeforeNewYear);

        var entries = await StartUpEntriesAsync(api);

        var entry = Assert.Single(entries);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Contains("'cn-mainland' lists holiday notices up to 2026: 2027 runs on the statutory rule cn-statutory-2024 until its notice is added",
            entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CalendarCoverageLog_WhenTheHostStartsFiveWeeksBeforeACalendarWithoutARuleEnds_WarnsOnceNamingTheFirstRefusedDay()
    {
        using var workflows = new WorkflowsCopy().WithoutCalendarRule();
        await using var api = new ObservedApiFactory("sqlite", FiveWeeksBeforeNewYear, settings: new Dictionary<string, string>([workflows.Setting]));

        var entries = await StartUpEntriesAsync(api);

        // The longest shipped target is the ethics review's 15 working days: 11 December is the first day it needs 2027.
        var entry = Assert.Single(entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Contains("'cn-mainland' lists holidays up to 2026-12-31 and names no rule for later years: from 2026-12-11 a step with the longest target (15 working days) is refused",
            entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CalendarCoverageLog_WhenTheHostStartsInTheSpring_SaysNothing()
    {
        await using var api = new ObservedApiFactory("sqlite", new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8)));

        Assert.Empty(await StartUpEntriesAsync(api, expectSome: false));
    }

    // The calendar log's entries once the host is ready. The service runs as the host starts (on its own task) and logs
    // before its first wait, so once a line is there and the host is ready, a second line (a duplicate registration, a
    // repeat) would be there too; the next daily round is a day of real time away.
    private static async Task<IReadOnlyList<LogEntry>> StartUpEntriesAsync(ObservedApiFactory api, bool expectSome = true)
    {
        _ = api.Server;
        if (expectSome)
        {
            await Eventually.TrueAsync(() => Task.FromResult(api.Log.Of(Category).Count > 0), "the calendar coverage log line");
        }

        await api.ReadinessAsync();
        return api.Log.Of(Category);
    }
}
