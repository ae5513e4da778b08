namespace TrialStartup.Workflows.Definitions;

/// <summary>When a parallel block is done: all branches, any one, or at least <see cref="Required"/> of them.</summary>
/// <param name="Mode">all, any or at-least.</param>
/// <param name="Required">For <see cref="JoinMode.AtLeast"/>, how many branches must complete.</param>
public sealed record JoinRule(JoinMode Mode, int Required)
{
    /// <summary>How many completed (or skipped) branches satisfy the join, given the block's branch count.</summary>
    public int RequiredOf(int branchCount) => Mode switch
    {
        JoinMode.All => branchCount,
        JoinMode.Any => Math.Min(1, branchCount),
        _ => Required,
    };
}
