namespace TrialStartup.Workflows.Runtime.Events;
/// <summary>A task's clock restarted after a suspension, with its remaining working time.</summary>
/// <param name="StepId">The task.</param>
/// <param name="At">When.</param>
public sealed record ClockStarted(string StepId, DateTimeOffset At) : WorkflowEvent(At);
