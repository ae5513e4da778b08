namespace TrialStartup.Workflows.Runtime.Events;
/// <summary>A timer will not fire: its step completed, was cancelled or its clock stopped.</summary>
/// <param name="TimerId">The timer.</param>
/// <param name="Reason">Why.</param>
/// <param name="At">When.</param>
public sealed record TimerCancelled(string TimerId, string Reason, DateTimeOffset At) : WorkflowEvent(At);
