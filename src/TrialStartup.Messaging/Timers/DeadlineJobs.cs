namespace TrialStartup.Messaging.Timers;

using Hangfire;

/// <summary>
/// The Hangfire jobs of turnaround deadlines. Each takes ids only and re-checks the deadline before acting
/// (<see cref="DeadlineFiring"/>), so it is safe to run late, twice, or after the step completed.
/// </summary>
/// <param name="firing">Re-checks and fires.</param>
public sealed class DeadlineJobs(DeadlineFiring firing)
{
    /// <summary>The recurring sweep's id in Hangfire.</summary>
    public const string SweepJobId = "deadline-sweep";

    /// <summary>Fires one deadline when it falls due.</summary>
    [AutomaticRetry(Attempts = 5)]
    public Task FireAsync(Guid instanceId, string timerId, CancellationToken cancellationToken) =>
        firing.FireIfDueAsync(instanceId, timerId, cancellationToken);

    /// <summary>Every minute: fires whatever is due and was not fired by its own job.</summary>
    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    [AutomaticRetry(Attempts = 0)] // the next minute's run is the retry
    public Task SweepAsync(CancellationToken cancellationToken) => firing.FireAllDueAsync(cancellationToken);
}
