namespace TrialStartup.Messaging.Timers;

using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TrialStartup.Data;
using TrialStartup.Data.Deadlines;
using TrialStartup.Data.Leases;

/// <summary>
/// At start-up, makes the deadlines agree with the calendars loaded and Hangfire agree with the deadlines, so no storage
/// loses a timer: recomputes the armed deadlines of a changed calendar file (<see cref="DeadlineRescheduling"/>), fires,
/// once, what fell due while no process ran (in-memory storage starts empty; a persistent one may have been down), and
/// re-arms every future armed deadline whose job the storage does not hold. The firing is shared by every process
/// starting (claims); recomputing and re-arming is one process at a time (a lease), which recomputes before it fires, so
/// a deadline the new calendar moves later never fires at its old instant. A Worker that starts before the Api has
/// migrated waits for the schema. Then registers the minutely sweep, and the hourly scan of continuing reviews falling due.
/// </summary>
internal sealed partial class DeadlineReconciliation(
    IServiceScopeFactory scopes,
    DeadlineFiring firing,
    DeadlineRescheduling rescheduling,
    IBackgroundJobClient jobs,
    JobStorage storage,
    IRecurringJobManager recurring,
    TimeProvider clock,
    ILogger<DeadlineReconciliation> logger) : BackgroundService
{
    private const string LeaseName = "deadline-reconciliation";
    // Short, so a process that dies while reconciling holds the others up for two minutes at most (they retry).
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(2);
    private static readonly string[] LiveStates = [ScheduledState.StateName, EnqueuedState.StateName, ProcessingState.StateName];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        recurring.AddOrUpdate<DeadlineJobs>(DeadlineJobs.SweepJobId, j => j.SweepAsync(CancellationToken.None), Cron.Minutely());
        recurring.AddOrUpdate<ContinuingReviewJobs>(ContinuingReviewJobs.ScanJobId, j => j.ScanAsync(CancellationToken.None), Cron.Hourly());
        var holder = LeaseStore.NewHolder();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var result = await ReconcileAsync(holder, stoppingToken).ConfigureAwait(false);
                if (result is { } counts)
                {
                    LogReconciled(logger, counts.Moved, counts.Fired, counts.Rearmed);
                    return;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }

            await Task.Delay(TimeSpan.FromSeconds(5), clock, stoppingToken).ConfigureAwait(false);
        }
    }

    // Null when it could not run yet (schema not current, another process re-arming).
    private async Task<(int Moved, int Fired, int Rearmed)?> ReconcileAsync(string holder, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
        if ((await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)).Any())
        {
            return null;
        }

        var leases = new LeaseStore(db);
        if (!await leases.TryAcquireAsync(LeaseName, holder, clock.GetUtcNow(), LeaseDuration, cancellationToken).ConfigureAwait(false))
        {
            // Another process is reconciling (or died doing it): help fire the backlog (claims let every process work through
            // it side by side) and try again later; a second pass finds little left to do.
            await firing.FireAllDueAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }

        try
        {
            var (moved, _) = await rescheduling.RescheduleAsync(
                ct => leases.TryAcquireAsync(LeaseName, holder, clock.GetUtcNow(), LeaseDuration, ct), cancellationToken).ConfigureAwait(false);
            var fired = await firing.FireAllDueAsync(cancellationToken).ConfigureAwait(false);
            return (moved, fired, await RearmAsync(db, cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            await leases.ReleaseAsync(LeaseName, holder, CancellationToken.None).ConfigureAwait(false);
        }
    }

    // Set-based: the storage is asked once per distinct job (one per due instant, a handful of days' worth), and each
    // instant left without a waiting job gets one job and one UPDATE for all its deadlines, however many there are.
    private async Task<int> RearmAsync(TrialStartupDbContext db, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var future = db.Deadlines.Where(d => d.State == DeadlineStates.Armed && d.DueAt > now);
        var jobIds = await future.Where(d => d.JobId != null).Select(d => d.JobId!).Distinct()
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var waiting = jobIds.Where(IsWaiting).ToList();
        var orphans = future.Where(d => d.JobId == null || !waiting.Contains(d.JobId));
        var instants = (await orphans.Select(d => d.DueAt).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false))
            .Select(HangfireTimerScheduler.WakeUpAt).Distinct().Order().ToList();
        var rearmed = 0;
        foreach (var wakeUpAt in instants)
        {
            var jobId = HangfireTimerScheduler.ScheduleJob(jobs, wakeUpAt);
            rearmed += await HangfireTimerScheduler.ArmedAt(orphans, wakeUpAt)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.JobId, jobId), cancellationToken).ConfigureAwait(false);
        }

        return rearmed;
    }

    // A job that will still run: an instant's job not yet started, or one of the earlier per-deadline jobs.
    private bool IsWaiting(string jobId)
    {
        using var connection = storage.GetConnection();
        return LiveStates.Contains(connection.GetJobData(jobId)?.State);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Deadlines reconciled: {Moved} moved by a changed calendar, {Fired} fired that fell due while down, {Rearmed} re-armed")]
    private static partial void LogReconciled(ILogger logger, int moved, int fired, int rearmed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deadline reconciliation failed; retrying")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
