namespace TrialStartup.Workflows.Runtime.Events;
/// <summary>A turnaround timer was set for an open task.</summary>
/// <param name="TimerId">Unique within the stream.</param>
/// <param name="StepId">The step.</param>
/// <param name="Round">The round.</param>
/// <param name="Kind">Warning or breach.</param>
/// <param name="DueAt">When it falls due.</param>
/// <param name="At">When.</param>
/// <param name="Provisional">
/// The due date was counted through a year the calendar knows only by its rule (no notice yet); it is recomputed when
/// the notice is added. False in events written before calendars had rules.
/// </param>
/// <param name="CalendarHash">
/// The calendar file's hash the due date was computed on; null in events written before it was recorded (they were
/// computed on the instance's calendar at its start).
/// </param>
public sealed record TimerScheduled(string TimerId, string StepId, int Round, TimerKind Kind, DateTimeOffset DueAt, DateTimeOffset At,
    bool Provisional = false, string? CalendarHash = null) : WorkflowEvent(At);
