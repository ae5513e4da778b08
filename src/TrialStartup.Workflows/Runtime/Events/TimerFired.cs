namespace TrialStartup.Workflows.Runtime.Events;
/// <summary>A turnaround timer fell due while its step was still open.</summary>
/// <param name="TimerId">The timer.</param>
/// <param name="StepId">The step.</param>
/// <param name="Round">The round.</param>
/// <param name="Kind">Warning or breach.</param>
/// <param name="At">When.</param>
/// <param name="DueAt">
/// When it was due, as last scheduled or rescheduled; null in events written before it was recorded (their due time is
/// the timer's <see cref="TimerScheduled"/>, as no timer was rescheduled then).
/// </param>
/// <param name="Provisional">Its due date was counted through a year known only by the calendar's rule.</param>
public sealed record TimerFired(string TimerId, string StepId, int Round, TimerKind Kind, DateTimeOffset At, DateTimeOffset? DueAt = null,
    bool Provisional = false) : WorkflowEvent(At)
{
    /// <summary>When the timer was due and whether provisionally, from this event or, for older ones, from the stream before it.</summary>
    /// <param name="earlier">The events before this one (only needed for events without <see cref="DueAt"/>).</param>
    public (DateTimeOffset DueAt, bool Provisional) Due(IEnumerable<WorkflowEvent> earlier) =>
        DueAt is { } due ? (due, Provisional) : (earlier.OfType<TimerScheduled>().LastOrDefault(s => s.TimerId == TimerId)?.DueAt ?? At, false);
}
