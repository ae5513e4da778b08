namespace TrialStartup.Messaging.Timers;

using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TrialStartup.Data;
using TrialStartup.Data.Deadlines;
using TrialStartup.Workflows.Runtime;

/// <summary>
/// The engine's timer scheduler on Hangfire: one delayed job per deadline, its id stored on the deadline so that
/// completing the step, stopping its clock or ending the instance deletes the job. The engine arms timers after the
/// commit; a process that dies in between leaves the deadline armed in the database, where the sweep and the
/// start-up reconciliation find it.
/// </summary>
/// <param name="jobs">Hangfire's client.</param>
/// <param name="db">The request's context (the deadline rows were committed with the events).</param>
/// <param name="logger">The log.</param>
internal sealed partial class HangfireTimerScheduler(IBackgroundJobClient jobs, TrialStartupDbContext db, ILogger<HangfireTimerScheduler> logger)
    : ITimerScheduler
{
    public async Task ScheduleAsync(TimerRequest timer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(timer);

        // The command is committed when this runs: failing here must not fail the request. The deadline is armed in the
        // database; the minutely sweep fires it when due and the next start-up reconciliation gives it a job.
        try
        {
            await ArmJobAsync(jobs, db, timer.InstanceId, timer.TimerId, timer.DueAt, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogArmFailed(logger, timer.TimerId, timer.InstanceId, e);
        }
    }

    public async Task CancelAsync(Guid instanceId, string timerId, CancellationToken cancellationToken = default)
    {
        // The engine also disarms a timer that fired: that job is the one running now (or has run), so only a cancelled
        // deadline's job is deleted. A job already running when its deadline is cancelled re-checks and finds it closed,
        // and so does one whose deletion fails here: deleting is tidiness, not correctness.
        try
        {
            var jobId = await db.Deadlines.AsNoTracking()
                .Where(d => d.WorkflowInstanceId == instanceId && d.TimerId == timerId && d.State == DeadlineStates.Cancelled)
                .Select(d => d.JobId).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (jobId is not null)
            {
                jobs.Delete(jobId);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogDeleteFailed(logger, timerId, instanceId, e);
        }
    }

    /// <summary>Schedules the job of one deadline and stores its id on the deadline (also the reconciliation's re-arming).</summary>
    internal static async Task ArmJobAsync(IBackgroundJobClient jobs, TrialStartupDbContext db, Guid instanceId, string timerId, DateTimeOffset dueAt,
        CancellationToken cancellationToken)
    {
        var jobId = jobs.Schedule<DeadlineJobs>(j => j.FireAsync(instanceId, timerId, CancellationToken.None), WakeUpAt(dueAt));
        await db.Deadlines.Where(d => d.WorkflowInstanceId == instanceId && d.TimerId == timerId)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.JobId, jobId), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// When to run a deadline's job: Hangfire keeps whole seconds and may run a job up to a second before a fractional
    /// due instant, when the re-check would find it not yet due and leave it to the minutely sweep; so round up.
    /// </summary>
    internal static DateTimeOffset WakeUpAt(DateTimeOffset dueAt)
    {
        var remainder = dueAt.Ticks % TimeSpan.TicksPerSecond;
        return remainder == 0 ? dueAt : dueAt.AddTicks(TimeSpan.TicksPerSecond - remainder);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not arm the job of deadline {TimerId} of {InstanceId}; the sweep fires it when due")]
    private static partial void LogArmFailed(ILogger logger, string timerId, Guid instanceId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete the job of cancelled deadline {TimerId} of {InstanceId}; it will find the deadline closed")]
    private static partial void LogDeleteFailed(ILogger logger, string timerId, Guid instanceId, Exception exception);
}
