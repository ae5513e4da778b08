namespace TrialStartup.Workflows.Runtime.Events;
/// <summary>A branch reached the join.</summary>
/// <param name="BlockId">The block.</param>
/// <param name="BranchId">The branch.</param>
/// <param name="At">When.</param>
public sealed record BranchCompleted(string BlockId, string BranchId, DateTimeOffset At) : WorkflowEvent(At);
