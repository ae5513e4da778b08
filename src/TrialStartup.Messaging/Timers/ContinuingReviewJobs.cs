namespace TrialStartup.Messaging.Timers;

using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Data;
using TrialStartup.Data.Committees;
using TrialStartup.Data.Leases;
using TrialStartup.Workflows.Calendars;

/// <summary>
/// The hourly scan that raises the alerts of continuing reviews falling due (<see cref="ContinuingReviewAlerts"/>, which
/// says why a scan rather than a timer per review). Registered as a recurring job beside the deadline sweep; takes no
/// arguments and is safe to run late or twice.
/// </summary>
/// <param name="scopes">For the scan's database context.</param>
/// <param name="calendars">The institutions' working-day calendars.</param>
/// <param name="clock">The host's clock.</param>
public sealed class ContinuingReviewJobs(IServiceScopeFactory scopes, CalendarCatalog calendars, TimeProvider clock)
{
    /// <summary>The recurring scan's id in Hangfire, and its lease's name.</summary>
    public const string ScanJobId = "continuing-review-scan";

    // Long enough for a scan of every institution's due reviews; a process that dies holding it delays the next by this much.
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(10);

    /// <summary>Raises the alerts of the reviews due soon or overdue; returns how many (0 when another process is scanning).</summary>
    [AutomaticRetry(Attempts = 0)] // the next hour's run is the retry
    public async Task<int> ScanAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
        var leases = new LeaseStore(db);
        var holder = LeaseStore.NewHolder();
        if (!await leases.TryAcquireAsync(ScanJobId, holder, clock.GetUtcNow(), LeaseDuration, cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        try
        {
            return await ContinuingReviewAlerts.RaiseDueAsync(db, calendars, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await leases.ReleaseAsync(ScanJobId, holder, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
