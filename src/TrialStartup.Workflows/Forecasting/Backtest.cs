namespace TrialStartup.Workflows.Forecasting;

using NodaTime;
using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// Calibration shown, not claimed: each activated project is forecast again as of its submission and as of halfway to
/// its activation, from its stream cut there and from the history that existed then without its own stretches, and the
/// forecast is compared with the real activation date.
/// </summary>
/// <param name="forecaster">The forecaster under test, as the API uses it.</param>
/// <param name="calendars">For the institution's local dates.</param>
public sealed class Backtest(SiteForecaster forecaster, CalendarCatalog calendars)
{
    /// <summary>Forecast as of the submission.</summary>
    public const string AtSubmission = "submission";

    /// <summary>Forecast as of halfway in time from submission to activation.</summary>
    public const string Halfway = "halfway";

    /// <summary>What the report's basis says.</summary>
    public const string BasisText =
        "Each activated project is forecast as of its submission and as of halfway (in time) to its activation, from its own events up to "
        + "that instant and from the stretches and endings of other projects closed before it (no later or own history); a participating "
        + "site's waits follow its lead site's forecast as of the same instant (the lead's events up to it; as if submitted then, if it had not). "
        + "p80Coverage = share activated on or before the p80 date (calibrated: about 0.80); p50Coverage likewise (about 0.50); "
        + "medianAbsoluteErrorDays = median of |actual - p50| in calendar days.";

    /// <summary>Backtests <paramref name="projects"/> against <paramref name="history"/>.</summary>
    public BacktestReport Run(IEnumerable<BacktestProject> projects, ForecastHistory history)
    {
        ArgumentNullException.ThrowIfNull(projects);
        ArgumentNullException.ThrowIfNull(history);
        var cases = new List<BacktestCase>();
        foreach (var project in projects)
        {
            var started = project.Events.OfType<WorkflowStarted>().FirstOrDefault();
            var ended = project.Events.OfType<WorkflowEnded>().LastOrDefault();
            if (started is null || ended is null || ended.Result != SiteForecaster.ActivatedResult)
            {
                continue; // only activated projects have a date to be right or wrong about
            }

            var zone = calendars.Get(started.CalendarId).TimeZone;
            var actual = Instant.FromDateTimeOffset(ended.At).InZone(zone).Date.ToDateOnly();
            foreach (var (point, asOf) in new[] { (AtSubmission, started.At), (Halfway, started.At + ((ended.At - started.At) / 2)) })
            {
                var subject = new ForecastSubject(project.ProjectId, project.InstitutionId, project.Track, [.. project.Events.Where(e => e.At <= asOf)]);
                var before = history.Before(asOf, project.ProjectId);
                var forecast = project.Lead is { } lead
                    ? forecaster.Forecast(subject, before, asOf, forecaster.ForecastAsIfSubmitted(
                        lead.Subject with { Events = [.. lead.Subject.Events.Where(e => e.At <= asOf)] }, lead.DefinitionId, lead.CalendarId, lead.Facts, before, asOf))
                    : forecaster.Forecast(subject, before, asOf);
                cases.Add(new BacktestCase(project.ProjectId, point, asOf, actual, forecast.P50, forecast.P80,
                    forecast.P80 is { } p80 ? actual <= p80 : null,
                    forecast.P50 is { } p50 ? Math.Abs(actual.DayNumber - p50.DayNumber) : null));
            }
        }

        var points = new[] { AtSubmission, Halfway }.Select(point => Summary(point, [.. cases.Where(c => c.Point == point)])).ToList();
        return new BacktestReport(BasisText, points, cases);
    }

    private static BacktestSummary Summary(string point, IReadOnlyList<BacktestCase> cases)
    {
        var forecast = cases.Where(c => c.P80 is not null).ToList();
        if (forecast.Count == 0)
        {
            return new BacktestSummary(point, cases.Count, 0, null, null, null);
        }

        var errors = forecast.Select(c => (double)c.P50ErrorDays!.Value).Order().ToArray();
        var median = errors.Length % 2 == 1 ? errors[errors.Length / 2] : (errors[(errors.Length / 2) - 1] + errors[errors.Length / 2]) / 2;
        return new BacktestSummary(point, cases.Count, forecast.Count,
            Math.Round((double)forecast.Count(c => c.HeldByP80 == true) / forecast.Count, 4),
            Math.Round((double)forecast.Count(c => c.Actual <= c.P50!.Value) / forecast.Count, 4),
            median);
    }
}
