namespace TrialStartup.Messaging.Timers;

using Hangfire;
using TrialStartup.Data.Hosting;

/// <summary>
/// The Hangfire jobs of turnaround deadlines. Each takes no deadline at all, or ids only, and re-checks before acting
/// (<see cref="DeadlineFiring"/>), so it is safe to run late, twice, or after the step completed.
/// </summary>
/// <param name="firing">Claims, re-checks and fires.</param>
/// <param name="jobs">Enqueues the runs that help with a backlog.</param>
/// <param name="settings">How many runs work through a backlog.</param>
public sealed class DeadlineJobs(DeadlineFiring firing, IBackgroundJobClient jobs, TrialStartupOptions.TimerSettings settings)
{
    /// <summary>The recurring sweep's id in Hangfire.</summary>
    public const string SweepJobId = "deadline-sweep";

    /// <summary>
    /// Woken at a due instant, shared by every deadline due then (<see cref="HangfireTimerScheduler"/>): fires batches of
    /// due deadlines until none is left. <paramref name="run"/> counts the runs of one backlog: the first whose first
    /// batch is full enqueues the next, up to <c>Timers:FiringRuns</c>, so the Workers' servers share a backlog.
    /// </summary>
    [AutomaticRetry(Attempts = 5)]
    public async Task FireDueAsync(DateTimeOffset dueAt, int run, CancellationToken cancellationToken)
    {
        var helped = false;
        while (true)
        {
            var batch = await firing.ClaimDueAsync(cancellationToken).ConfigureAwait(false);
            if (batch.Deadlines.Count == 0 && !batch.MayHaveMore)
            {
                return;
            }

            if (batch.MayHaveMore && !helped && run + 1 < settings.FiringRuns)
            {
                jobs.Enqueue<DeadlineJobs>(j => j.FireDueAsync(dueAt, run + 1, CancellationToken.None));
                helped = true;
            }

            await firing.FireAsync(batch, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A job of the earlier one-job-per-deadline scheme, still in the storage of an upgraded installation: fires its one
    /// deadline if due.
    /// </summary>
    [AutomaticRetry(Attempts = 5)]
    public Task FireAsync(Guid instanceId, string timerId, CancellationToken cancellationToken) =>
        firing.FireIfDueAsync(instanceId, timerId, cancellationToken);

    /// <summary>Every minute: fires whatever is due and was not fired by its instant's job.</summary>
    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    [AutomaticRetry(Attempts = 0)] // the next minute's run is the retry
    public Task SweepAsync(CancellationToken cancellationToken) => firing.FireAllDueAsync(cancellationToken);
}
