namespace TrialStartup.Workflows.Runtime;

/// <summary>
/// Arms and disarms turnaround timers. The stream is the source of truth (timers are events); a scheduler only
/// makes them fire, and the engine re-checks a timer when it fires, so a scheduler may fire late or twice safely.
/// </summary>
public interface ITimerScheduler
{
    /// <summary>Arms a timer; a rescheduled timer is armed again under the same id at its new instant.</summary>
    Task ScheduleAsync(TimerRequest timer, CancellationToken cancellationToken = default);

    /// <summary>Disarms a timer; unknown timers are ignored.</summary>
    Task CancelAsync(Guid instanceId, string timerId, CancellationToken cancellationToken = default);
}
