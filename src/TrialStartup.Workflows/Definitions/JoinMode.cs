namespace TrialStartup.Workflows.Definitions;

/// <summary>How a parallel block joins its branches.</summary>
public enum JoinMode
{
    /// <summary>Every branch must complete or be skipped.</summary>
    All,
    /// <summary>The first branch to complete finishes the block; the others are cancelled.</summary>
    Any,
    /// <summary>A given number of branches must complete; the rest are cancelled.</summary>
    AtLeast,
}
