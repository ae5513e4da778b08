namespace TrialStartup.Workflows.Runtime.Events;
/// <summary>A turnaround timer was set for an open task.</summary>
/// <param name="TimerId">Unique within the stream.</param>
/// <param name="StepId">The step.</param>
/// <param name="Round">The round.</param>
/// <param name="Kind">Warning or breach.</param>
/// <param name="DueAt">When it falls due.</param>
/// <param name="At">When.</param>
public sealed record TimerScheduled(string TimerId, string StepId, int Round, TimerKind Kind, DateTimeOffset DueAt, DateTimeOffset At) : WorkflowEvent(At);
