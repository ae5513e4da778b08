namespace TrialStartup.Workflows.Runtime.Events;
/// <summary>A branch was stopped before it finished: the join was satisfied without it, or the instance ended.</summary>
/// <param name="BlockId">The block.</param>
/// <param name="BranchId">The branch.</param>
/// <param name="Reason">Why.</param>
/// <param name="At">When.</param>
public sealed record BranchCancelled(string BlockId, string BranchId, string Reason, DateTimeOffset At) : WorkflowEvent(At);
