namespace TrialStartup.Api.Forecasts;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Data;
using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Forecasting;
using TrialStartup.Workflows.Runtime;

/// <summary>
/// The installation's forecast history, kept by each host between requests. Loading it reads every step duration and
/// every decision that recorded a review type, which grows with the installation and took seconds on the test suite's
/// shared PostgreSQL; a forecast of one project costs milliseconds. So each request reads only the history's mark (the
/// last stretch closed and how many projects have ended: two indexed queries) and the history is loaded again when
/// the mark has moved. A forecast therefore always draws from every stretch closed before it was asked for, on every
/// host, as when the history was loaded per request.
/// </summary>
/// <remarks>
/// A new decision closes a stretch, so the review types it records move the mark too. What the mark does not see is an
/// institution's calendar being changed, which happens with a restart of the hosts anyway (the calendars are files).
/// </remarks>
public sealed class ForecastHistoryCache
{
    private readonly SemaphoreSlim loading = new(1, 1);
    private volatile Loaded? current;

    /// <summary>The history as it stands in <paramref name="db"/>.</summary>
    internal async Task<ForecastHistory> GetAsync(TrialStartupDbContext db, DefinitionCatalog definitions, CalendarCatalog calendars,
        CancellationToken cancellationToken)
    {
        var mark = await MarkAsync(db, cancellationToken);
        if (current is { } cached && cached.Mark == mark)
        {
            return cached.History;
        }

        // One load at a time: requests arriving meanwhile wait for it instead of each reading the whole history again.
        await loading.WaitAsync(cancellationToken);
        try
        {
            if (current is { } loadedMeanwhile && loadedMeanwhile.Mark == mark)
            {
                return loadedMeanwhile.History;
            }

            var history = await ForecastData.LoadHistoryAsync(db, definitions, calendars, cancellationToken);
            current = new Loaded(mark, history);
            return history;
        }
        finally
        {
            loading.Release();
        }
    }

    // Read before the history: a stretch closed while the history loads moves the mark past the one stored, and the next
    // request loads again rather than keep a history that may lack it.
    private static async Task<HistoryMark> MarkAsync(TrialStartupDbContext db, CancellationToken cancellationToken) =>
        new(await db.StepDurations.MaxAsync(d => (long?)d.Id, cancellationToken) ?? 0,
            await db.SiteProjectStatus.CountAsync(s => s.Status == InstanceStatus.Ended, cancellationToken));

    private sealed record HistoryMark(long LastStretch, int Ended);

    private sealed record Loaded(HistoryMark Mark, ForecastHistory History);
}
