namespace TrialStartup.Messaging.Timers;

using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TrialStartup.Data;
using TrialStartup.Data.Deadlines;
using TrialStartup.Workflows.Runtime;

/// <summary>
/// The engine's timer scheduler on Hangfire: one delayed job per due instant, shared by every deadline due then
/// (deadlines fall due together at local midnight; one job each would bury Hangfire's storage and state machine under
/// thousands of jobs at once). The job fires all due deadlines in batches (<see cref="DeadlineJobs.FireDueAsync"/>).
/// Its id is stored on each deadline. An instant's job stays when its deadlines are cancelled: when it runs it finds
/// nothing due, which costs one query, while deleting it and scheduling the next deadline's job again cost a dozen
/// writes to Hangfire's storage on every command that closes a step. Which instants already have a waiting job is
/// remembered in the process (<see cref="InstantJobs"/>), and the deadline projection inserts a deadline with the job it
/// remembers for its instant, so arming a deadline usually costs nothing more; otherwise one update of its row. The
/// engine arms timers after the append: committed by then, unless the append is part of a caller's transaction (a keyed
/// request on PostgreSQL), whose commit then carries the job ids too. A process that dies between a commit and the
/// arming leaves the deadline armed in the database, where the sweep and the start-up reconciliation find it.
/// </summary>
/// <param name="jobs">Hangfire's client.</param>
/// <param name="storage">Hangfire's storage, to see whether an instant's job is still waiting.</param>
/// <param name="instants">The instants this process knows a waiting job for.</param>
/// <param name="db">The request's context (the deadline rows were saved with the events).</param>
/// <param name="clock">The clock, to leave an imminent instant's job to the storage's word.</param>
/// <param name="logger">The log.</param>
internal sealed partial class HangfireTimerScheduler(IBackgroundJobClient jobs, JobStorage storage, InstantJobs instants,
    TrialStartupDbContext db, TimeProvider clock, ILogger<HangfireTimerScheduler> logger) : ITimerScheduler
{
    public async Task ScheduleAsync(TimerRequest timer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(timer);

        // The command is saved when this runs: failing here must not fail it. The deadline is armed in the database; the
        // minutely sweep fires it when due and the next start-up reconciliation gives it a job. (Inside a caller's
        // transaction on PostgreSQL a failed update aborts that transaction: the request then fails whole, nothing of it
        // commits, and a retry runs it again.)
        try
        {
            var wakeUpAt = WakeUpAt(timer.DueAt);
            var jobId = instants.WaitingAt(wakeUpAt, clock.GetUtcNow())
                ?? await WaitingJobAtAsync(wakeUpAt, cancellationToken).ConfigureAwait(false)
                ?? ScheduleJob(jobs, wakeUpAt);
            instants.Remember(wakeUpAt, jobId);

            // The projection inserted the deadline with this job already when it knew it (InstantJobs, most deadlines).
            if (db.Tracked<DeadlineRow>().FindEntryUntyped([timer.InstanceId, timer.TimerId]) is { Entity.JobId: var staged } && staged == jobId)
            {
                return;
            }

            await db.Deadlines.Where(d => d.WorkflowInstanceId == timer.InstanceId && d.TimerId == timer.TimerId)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.JobId, jobId), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogArmFailed(logger, timer.TimerId, timer.InstanceId, e);
        }
    }

    public Task CancelAsync(Guid instanceId, string timerId, CancellationToken cancellationToken = default) =>
        // The deadline's row is closed with the events; its instant's job stays for the others due then, and finds
        // nothing of this one's when it runs.
        Task.CompletedTask;

    /// <summary>Schedules the job that wakes the firing at <paramref name="wakeUpAt"/> (also the reconciliation's re-arming).</summary>
    internal static string ScheduleJob(IBackgroundJobClient jobs, DateTimeOffset wakeUpAt) =>
        jobs.Schedule<DeadlineJobs>(j => j.FireDueAsync(wakeUpAt, 0, CancellationToken.None), wakeUpAt);

    /// <summary>
    /// When to wake for a deadline: Hangfire keeps whole seconds and may run a job up to a second before a fractional
    /// due instant, when the firing would find it not yet due and leave it to the minutely sweep; so round up. Every
    /// deadline due within the same second shares the instant, and its job.
    /// </summary>
    internal static DateTimeOffset WakeUpAt(DateTimeOffset dueAt)
    {
        var remainder = dueAt.UtcTicks % TimeSpan.TicksPerSecond;
        var rounded = remainder == 0 ? dueAt : dueAt.AddTicks(TimeSpan.TicksPerSecond - remainder);
        return rounded.ToUniversalTime();
    }

    /// <summary>The armed deadlines that wake at <paramref name="wakeUpAt"/>: due within the second before it, sharing its job.</summary>
    internal static IQueryable<DeadlineRow> ArmedAt(IQueryable<DeadlineRow> deadlines, DateTimeOffset wakeUpAt)
    {
        var after = wakeUpAt.AddSeconds(-1);
        return deadlines.Where(d => d.State == DeadlineStates.Armed && d.DueAt > after && d.DueAt <= wakeUpAt);
    }

    // The job another armed deadline of the same instant already has, if it is still waiting to run (not deleted, not
    // already running: a run that has started may have claimed its batches before this deadline was armed).
    private async Task<string?> WaitingJobAtAsync(DateTimeOffset wakeUpAt, CancellationToken cancellationToken)
    {
        var jobId = await ArmedAt(db.Deadlines.AsNoTracking(), wakeUpAt).Where(d => d.JobId != null)
            .Select(d => d.JobId).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return jobId is not null && IsWaitingInstantJob(storage, jobId) ? jobId : null;
    }

    /// <summary>Whether the job is an instant's <see cref="DeadlineJobs.FireDueAsync"/> that has not started.</summary>
    internal static bool IsWaitingInstantJob(JobStorage storage, string jobId)
    {
        using var connection = storage.GetConnection();
        var job = connection.GetJobData(jobId);
        return job?.State == ScheduledState.StateName && job.Job?.Method.Name == nameof(DeadlineJobs.FireDueAsync);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not arm the job of deadline {TimerId} of {InstanceId}; the sweep fires it when due")]
    private static partial void LogArmFailed(ILogger logger, string timerId, Guid instanceId, Exception exception);

}
