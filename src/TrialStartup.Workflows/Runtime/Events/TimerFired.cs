namespace TrialStartup.Workflows.Runtime.Events;
/// <summary>A turnaround timer fell due while its step was still open.</summary>
/// <param name="TimerId">The timer.</param>
/// <param name="StepId">The step.</param>
/// <param name="Round">The round.</param>
/// <param name="Kind">Warning or breach.</param>
/// <param name="At">When.</param>
public sealed record TimerFired(string TimerId, string StepId, int Round, TimerKind Kind, DateTimeOffset At) : WorkflowEvent(At);
