namespace TrialStartup.Workflows.Runtime.Events;
/// <summary>A branch's condition was false: it is skipped and counts as done.</summary>
/// <param name="BlockId">The block.</param>
/// <param name="BranchId">The branch.</param>
/// <param name="Condition">The condition that was false.</param>
/// <param name="At">When.</param>
public sealed record BranchSkipped(string BlockId, string BranchId, string Condition, DateTimeOffset At) : WorkflowEvent(At);
