namespace TrialStartup.Workflows.Runtime;

/// <summary>Where a branch of a parallel block stands. Every started block's branches end in exactly one of the last three.</summary>
public enum BranchStatus
{
    /// <summary>Running.</summary>
    Active,
    /// <summary>Reached the join.</summary>
    Completed,
    /// <summary>Its condition was false; counts as done.</summary>
    Skipped,
    /// <summary>Stopped before it finished.</summary>
    Cancelled,
}
