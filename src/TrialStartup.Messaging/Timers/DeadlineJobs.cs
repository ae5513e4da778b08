namespace TrialStartup.Messaging.Timers;

using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Data;
using TrialStartup.Data.Leases;
using TrialStartup.Messaging.Hosting;

/// <summary>
/// The Hangfire jobs of turnaround deadlines. Each takes no deadline at all, or ids only, and re-checks before acting
/// (<see cref="DeadlineFiring"/>), so it is safe to run late, twice, or after the step completed.
/// </summary>
/// <param name="firing">Claims, re-checks and fires.</param>
/// <param name="jobs">Enqueues the runs that help with a backlog.</param>
/// <param name="settings">How many runs work through a backlog; how long a claim (and the sweep's lease) holds.</param>
/// <param name="scopes">For the sweep's lease.</param>
/// <param name="clock">The host's clock.</param>
public sealed class DeadlineJobs(DeadlineFiring firing, IBackgroundJobClient jobs, TrialStartupOptions.TimerSettings settings,
    IServiceScopeFactory scopes, TimeProvider clock)
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
            if (batch.NothingLeft)
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

    /// <summary>
    /// Every minute: fires whatever is due and was not fired by its instant's job (a job lost with in-memory storage, or
    /// never armed because the process died right after the commit). One sweep at a time across processes, under a
    /// lease renewed after every batch: a sweep that finds another still working through a backlog returns at once
    /// rather than queue behind it (Hangfire's <c>DisableConcurrentExecution</c> held a worker for minutes, then failed).
    /// </summary>
    [AutomaticRetry(Attempts = 0)] // the next minute's run is the retry
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var leases = new LeaseStore(scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>());
        var holder = LeaseStore.NewHolder();
        try
        {
            while (await leases.TryAcquireAsync(SweepJobId, holder, clock.GetUtcNow(), settings.ClaimDuration, cancellationToken).ConfigureAwait(false))
            {
                var batch = await firing.ClaimDueAsync(cancellationToken).ConfigureAwait(false);
                if (batch.NothingLeft)
                {
                    return;
                }

                await firing.FireAsync(batch, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await leases.ReleaseAsync(SweepJobId, holder, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
