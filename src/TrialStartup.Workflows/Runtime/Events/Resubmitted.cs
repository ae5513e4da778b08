namespace TrialStartup.Workflows.Runtime.Events;

/// <summary>The submitter answered a change request; the work returns to review as the next round.</summary>
/// <param name="StepId">The task that asked for changes.</param>
/// <param name="Round">The new round.</param>
/// <param name="By">Who resubmitted.</param>
/// <param name="Note">What changed.</param>
/// <param name="At">When.</param>
public sealed record Resubmitted(string StepId, int Round, Actor By, string? Note, DateTimeOffset At) : WorkflowEvent(At);
