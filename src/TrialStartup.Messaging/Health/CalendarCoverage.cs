namespace TrialStartup.Messaging.Health;

using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;
using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// Warns before a working-day calendar runs out. A calendar lists holidays year by year, from the State Council's notice
/// published each November; once a step's target reaches past the last listed day, the command opening the step is
/// refused (<c>calendar-not-covered</c>) until someone adds the next year. That day comes weeks before New Year (from
/// 11 December for a 15-working-day target), so the warning starts <see cref="Lead"/> before the year's end and names it.
/// </summary>
public static class CalendarCoverage
{
    /// <summary>How long before a calendar's last listed day the hosts start warning (about when the notice appears).</summary>
    public static readonly Duration Lead = Duration.FromDays(60);

    /// <summary>
    /// One warning per calendar whose last listed day is within <see cref="Lead"/> of <paramref name="now"/> (or past),
    /// saying from which day the longest target of <paramref name="definitions"/> is refused and what to add; empty
    /// when every calendar has time left.
    /// </summary>
    public static IReadOnlyList<string> Warnings(CalendarCatalog calendars, DefinitionCatalog definitions, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(calendars);
        ArgumentNullException.ThrowIfNull(definitions);
        var longest = definitions.All.SelectMany(d => d.AllSteps).OfType<TaskStep>().Select(s => s.Target.WorkingDays)
            .DefaultIfEmpty(0).Max();
        var warnings = new List<string>();
        foreach (var calendar in calendars.Ids.Select(calendars.Get))
        {
            var lastDay = new LocalDate(calendar.LastYear, 12, 31);
            var today = Instant.FromDateTimeOffset(now).InZone(calendar.TimeZone).Date;
            if (calendar.TimeZone.AtStartOfDay(lastDay.PlusDays(1)).ToInstant() - Instant.FromDateTimeOffset(now) > Lead)
            {
                continue;
            }

            var refusedFrom = calendar.LastStartFor(longest).PlusDays(1);
            var when = refusedFrom <= today ? "since" : "from";
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"working-day calendar '{calendar.Id}' lists holidays up to {lastDay:uuuu-MM-dd}: {when} {refusedFrom:uuuu-MM-dd} a step " +
                $"with the longest target ({longest} working days) is refused (calendar-not-covered), shorter ones a few days later; " +
                $"add {calendar.LastYear + 1}'s holidays and make-up working days (State Council notice) to its file in the " +
                $"workflows folder's calendars/ and restart the hosts"));
        }

        return warnings;
    }
}

/// <summary>
/// The <c>calendars</c> readiness check: degraded (HTTP 200 still; the host serves everything else) while
/// <see cref="CalendarCoverage.Warnings"/> has something to say, with the warnings as its description.
/// </summary>
internal sealed class CalendarCoverageCheck(CalendarCatalog calendars, DefinitionCatalog definitions, TimeProvider clock) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var warnings = CalendarCoverage.Warnings(calendars, definitions, clock.GetUtcNow());
        return Task.FromResult(warnings.Count == 0
            ? HealthCheckResult.Healthy("every working-day calendar covers the next two months")
            : HealthCheckResult.Degraded(string.Join("; ", warnings)));
    }
}

/// <summary>Logs <see cref="CalendarCoverage.Warnings"/> at start-up and once a day, where operators read the logs.</summary>
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
}
