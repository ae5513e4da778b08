namespace TrialStartup.Api.WhitePapers;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Anchors;
using TrialStartup.Api.Authorities;
using TrialStartup.Api.Forecasts;
using TrialStartup.Api.Monitoring;
using TrialStartup.Data;
using TrialStartup.Data.Organisations;
using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Forecasting;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// Gathers a <see cref="WhitePaper"/>'s figures from the reports that already compute them, so the paper says what the
/// monitoring says: the anchor figures (<see cref="AnchorReport"/>) for the year and each quarter from one read, each
/// institution's step turnaround (<see cref="StepTurnaroundReport"/>), and the forecast backtest (<see cref="Backtest"/>).
/// </summary>
internal sealed class WhitePaperBuilder(TrialStartupDbContext db, DefinitionCatalog definitions, CalendarCatalog calendars, ForecastHistoryCache histories)
{
    /// <summary>
    /// Runs per forecast in the paper's backtest: fewer than the backtest endpoint's 500, because a paper forecasts up to
    /// <see cref="WhitePaperBacktest.MaxSites"/> sites twice while its reader waits. The shares the paper reports rest on
    /// the number of sites far more than on the runs per forecast.
    /// </summary>
    public const int BacktestRuns = 200;

    /// <summary>The paper of <paramref name="institutions"/> for <paramref name="year"/>.</summary>
    /// <param name="scope"><see cref="WhitePaper.InstitutionScope"/> or <see cref="WhitePaper.RegionScope"/>.</param>
    /// <param name="owner">Whose paper it is: the institution's or the authority's code, names and region.</param>
    /// <param name="institutions">The institutions it covers.</param>
    /// <param name="year">The calendar year.</param>
    /// <param name="cancellationToken">Stops the reads.</param>
    public async Task<WhitePaper> BuildAsync(string scope, (string Code, string Name, string EnglishName, string? Region) owner,
        IReadOnlyList<Institution> institutions, int year, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(institutions);
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year, 12, 31);
        var state = await DataStateAsync(institutions, cancellationToken);

        var anchors = await AnchorData.LoadAsync(db, institutions, cancellationToken);
        var yearSamples = AnchorReport.Samples(anchors, from, to);
        var pooled = AnchorSamples.Pool(yearSamples.Values);
        var yearReport = AnchorReport.Of(institutions, yearSamples, from, to, withRegion: true);
        var quarters = Enumerable.Range(1, 4).Select(q =>
        {
            var start = new DateOnly(year, ((q - 1) * 3) + 1, 1);
            var end = start.AddMonths(3).AddDays(-1);
            return new WhitePaperQuarter(q, start, end, AnchorReport.Compute(anchors, start, end, withRegion: true).Region!);
        }).ToList();

        var turnaround = await InstitutionStepTurnaround.LoadAsync(db, definitions, calendars, institutions, from, to, cancellationToken);

        return new WhitePaper(scope, owner.Code, owner.Name, owner.EnglishName, owner.Region, year, state, StartupAnchor.All, yearReport.Region!,
            yearReport.Institutions, StartupBin.Of(pooled.StartupCalendarDays), quarters, StepShares(turnaround),
            turnaround, await BacktestAsync(institutions, from, to, cancellationToken));
    }

    // Completed steps pooled over tracks and institutions: counts add up, so the shares are exact (medians would not be).
    private static IReadOnlyList<StepShare> StepShares(IEnumerable<InstitutionStepTurnaround> turnaround) =>
        [.. turnaround.SelectMany(i => i.Rows).Where(r => r.Count > 0).GroupBy(r => r.StepId, StringComparer.Ordinal)
            .OrderBy(g => StepOrder(g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var measured = g.Where(r => r.WithinTarget is not null).ToList();
                var within = measured.Sum(r => r.WithinTarget!.Value);
                var count = measured.Sum(r => r.Count);
                return new StepShare(g.Key, g.Sum(r => r.Count), count, within, count == 0 ? null : Math.Round((double)within / count, 4));
            })];

    // The shipped definitions' steps in the order a site meets them; any other step after them, by id.
    private static int StepOrder(string stepId)
    {
        var index = Array.IndexOf(ShippedStepOrder, stepId);
        return index < 0 ? ShippedStepOrder.Length : index;
    }

    private static readonly string[] ShippedStepOrder =
    [
        "intake", "institutional-approval", "ethics-review", "ethics-modification-check", "ethics-recognition", "contract-review",
        "contract-confirmation", "contract-signing", "startup-meeting",
    ];

    private async Task<WhitePaperBacktest> BacktestAsync(IReadOnlyList<Institution> institutions, DateOnly from, DateOnly to,
        CancellationToken cancellationToken)
    {
        var history = await histories.GetAsync(db, definitions, calendars, cancellationToken);
        var projects = new List<BacktestProject>();
        foreach (var institution in institutions.OrderBy(i => i.Code, StringComparer.Ordinal))
        {
            if (calendars.TryGet(institution.CalendarId, out var calendar))
            {
                projects.AddRange(await ForecastData.LoadActivatedAsync(db, institution.Id, from, to, calendar.TimeZone, cancellationToken));
            }
        }

        // In order of activation across the institutions, so a sample spreads over the year and over every institution.
        var ordered = projects.OrderBy(p => p.Events.OfType<WorkflowEnded>().LastOrDefault()?.At).ThenBy(p => p.ProjectId).ToList();
        var (sample, every) = BacktestSample.EveryKth(ordered, WhitePaperBacktest.MaxSites);
        var withLeads = await ForecastData.WithLeadsAsync(db, definitions, calendars, sample, cancellationToken);
        var report = new Backtest(new SiteForecaster(definitions, calendars, BacktestRuns), calendars).Run(withLeads, history);
        return new WhitePaperBacktest(ordered.Count, every, BacktestRuns, report.Basis, report.Points);
    }

    private async Task<WhitePaperDataState> DataStateAsync(IReadOnlyList<Institution> institutions, CancellationToken cancellationToken)
    {
        var ids = institutions.Select(i => i.Id).ToList();
        var projects = db.SiteProjects.Where(p => ids.Contains(p.InstitutionId));
        var events = db.Events.Where(e => projects.Any(p => p.WorkflowInstanceId == e.StreamId));
        var count = await events.LongCountAsync(cancellationToken);

        var latest = count == 0 ? null
            : await events.OrderByDescending(e => e.RecordedAt).Select(e => (DateTimeOffset?)e.RecordedAt).FirstOrDefaultAsync(cancellationToken);
        return new WhitePaperDataState(latest?.ToUniversalTime(), count, await projects.CountAsync(cancellationToken),
            await db.StepDurations.CountAsync(d => ids.Contains(d.InstitutionId), cancellationToken), institutions.Count);
    }
}
