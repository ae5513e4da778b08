namespace TrialStartup.Workflows.Runtime.Events;
/// <summary>A parallel block's join was satisfied.</summary>
/// <param name="StepId">The block.</param>
/// <param name="At">When.</param>
public sealed record JoinCompleted(string StepId, DateTimeOffset At) : WorkflowEvent(At);
