namespace TrialStartup.Workflows.Runtime.Events;
/// <summary>An open step was closed without a decision.</summary>
/// <param name="StepId">The step.</param>
/// <param name="Reason">Why.</param>
/// <param name="At">When.</param>
public sealed record StepCancelled(string StepId, string Reason, DateTimeOffset At) : WorkflowEvent(At);
