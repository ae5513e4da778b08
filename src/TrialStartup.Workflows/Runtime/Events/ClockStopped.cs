namespace TrialStartup.Workflows.Runtime.Events;
/// <summary>A task's turnaround clock stopped (the submitter holds the work, or the instance is suspended).</summary>
/// <param name="StepId">The task.</param>
/// <param name="ElapsedWorkingDays">Working days used so far, all rounds together.</param>
/// <param name="Reason">Why.</param>
/// <param name="At">When.</param>
public sealed record ClockStopped(string StepId, int ElapsedWorkingDays, string Reason, DateTimeOffset At) : WorkflowEvent(At);
