namespace TrialStartup.Workflows.Runtime.Events;
/// <summary>A parallel block started.</summary>
/// <param name="StepId">The block.</param>
/// <param name="At">When.</param>
public sealed record ParallelStarted(string StepId, DateTimeOffset At) : WorkflowEvent(At);
