namespace TrialStartup.Workflows.Runtime.Events;
/// <summary>A branch of a parallel block started.</summary>
/// <param name="BlockId">The block.</param>
/// <param name="BranchId">The branch.</param>
/// <param name="At">When.</param>
public sealed record BranchStarted(string BlockId, string BranchId, DateTimeOffset At) : WorkflowEvent(At);
