namespace TrialStartup.Messaging.Health;

using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;
using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// Tells operators when a working-day calendar reaches the end of its listed years. A calendar lists holidays year by year,
/// from the State Council's notice published each November. One with a statutory rule (<c>beyondListedYears</c>) goes on
/// by the rule, and deadlines counted into such a year are provisional until the notice is added: that is information,
/// not a fault. One without a rule stops there: once a step's target reaches past its last listed day, the command
/// opening the step is refused (<c>calendar-not-covered</c>) until someone adds the next year, from weeks before New
/// Year (11 December for a 15-working-day target), so that is a warning, from <see cref="Lead"/> before the year's end.
/// </summary>
public static class CalendarCoverage
{
    /// <summary>How long before a calendar's last listed day the hosts start saying so (about when the notice appears).</summary>
    public static readonly Duration Lead = Duration.FromDays(60);

    /// <summary>
    /// One warning per calendar without a rule whose last listed day is within <see cref="Lead"/> of <paramref name="now"/>
    /// (or past), saying from which day the longest target of <paramref name="definitions"/> is refused and what to add;
    /// empty when every such calendar has time left.
    /// </summary>
    public static IReadOnlyList<string> Warnings(CalendarCatalog calendars, DefinitionCatalog definitions, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(calendars);
        ArgumentNullException.ThrowIfNull(definitions);
        var longest = definitions.All.SelectMany(d => d.AllSteps).OfType<TaskStep>().Select(s => s.Target.WorkingDays)
            .DefaultIfEmpty(0).Max();
        var warnings = new List<string>();
        foreach (var calendar in NearingTheEnd(calendars, now).Where(c => c.Rule is null))
        {
            var lastDay = new LocalDate(calendar.LastAnnouncedYear, 12, 31);
            var today = Instant.FromDateTimeOffset(now).InZone(calendar.TimeZone).Date;
            var refusedFrom = calendar.LastStartFor(longest).PlusDays(1);
            var when = refusedFrom <= today ? "since" : "from";
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"working-day calendar '{calendar.Id}' lists holidays up to {lastDay:uuuu-MM-dd} and names no rule for later years: {when} " +
                $"{refusedFrom:uuuu-MM-dd} a step with the longest target ({longest} working days) is refused (calendar-not-covered), " +
                $"shorter ones a few days later; add {calendar.LastAnnouncedYear + 1}'s holidays and make-up working days (State Council " +
                $"notice) to its file in the workflows folder's calendars/ and restart the hosts, or name a rule under beyondListedYears"));
        }

        return warnings;
    }

    /// <summary>
    /// One line per calendar with a rule whose last listed day is within <see cref="Lead"/> of <paramref name="now"/> (or
    /// past): which year runs on the rule until its notice is added, and what adding it does.
    /// </summary>
    public static IReadOnlyList<string> Information(CalendarCatalog calendars, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(calendars);
        return [.. NearingTheEnd(calendars, now).Where(c => c.Rule is not null).Select(calendar =>
        {
            var firstRuleYear = calendar.LastAnnouncedYear + 1;
            var thisYear = Instant.FromDateTimeOffset(now).InZone(calendar.TimeZone).Date.Year;
            var years = thisYear > firstRuleYear ? $"{firstRuleYear}–{thisYear}" : $"{firstRuleYear}";
            return string.Create(CultureInfo.InvariantCulture,
                $"working-day calendar '{calendar.Id}' lists holiday notices up to {calendar.LastAnnouncedYear}: {years} runs on the " +
                $"statutory rule {calendar.Rule!.Id} until its notice is added; deadlines counted into it are provisional. Add the " +
                $"notice's holidays and make-up working days to its file in the workflows folder's calendars/, run validate, and " +
                $"restart the hosts: the provisional deadlines still open are then recomputed");
        })];
    }

    private static IEnumerable<WorkingDayCalendar> NearingTheEnd(CalendarCatalog calendars, DateTimeOffset now) =>
        calendars.Ids.Select(calendars.Get).Where(calendar =>
            calendar.TimeZone.AtStartOfDay(new LocalDate(calendar.LastAnnouncedYear + 1, 1, 1)).ToInstant() - Instant.FromDateTimeOffset(now) <= Lead);
}

/// <summary>
/// The <c>calendars</c> readiness check: degraded (HTTP 200 still; the host serves everything else) while
/// <see cref="CalendarCoverage.Warnings"/> has something to say, with the warnings as its description; healthy
/// otherwise, with <see cref="CalendarCoverage.Information"/> (a year on the statutory rule) as its description.
/// </summary>
internal sealed class CalendarCoverageCheck(CalendarCatalog calendars, DefinitionCatalog definitions, TimeProvider clock) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var warnings = CalendarCoverage.Warnings(calendars, definitions, now);
        var information = CalendarCoverage.Information(calendars, now);
        return Task.FromResult(warnings.Count > 0 ? HealthCheckResult.Degraded(string.Join("; ", warnings))
            : information.Count > 0 ? HealthCheckResult.Healthy(string.Join("; ", information))
            : HealthCheckResult.Healthy("every working-day calendar lists the next two months from its notices"));
    }
}

/// <summary>
/// Logs <see cref="CalendarCoverage.Warnings"/> (as warnings) and <see cref="CalendarCoverage.Information"/> (as
/// information) at start-up and once a day, where operators read the logs.
/// </summary>
internal sealed partial class CalendarCoverageLog(CalendarCatalog calendars, DefinitionCatalog definitions, TimeProvider clock,
    ILogger<CalendarCoverageLog> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var daily = new PeriodicTimer(TimeSpan.FromDays(1), clock);
        try
        {
            do
            {
                foreach (var warning in CalendarCoverage.Warnings(calendars, definitions, clock.GetUtcNow()))
                {
                    LogRunningOut(logger, warning);
                }

                foreach (var information in CalendarCoverage.Information(calendars, clock.GetUtcNow()))
                {
                    LogOnTheRule(logger, information);
                }
            }
            while (await daily.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // The host stops (or failed to start): nothing to finish.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Warning}")]
    private static partial void LogRunningOut(ILogger logger, string warning);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Information}")]
    private static partial void LogOnTheRule(ILogger logger, string information);
}
