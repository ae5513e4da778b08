namespace TrialStartup.Workflows.Definitions;

using TrialStartup.Workflows.Conditions;

/// <summary>
/// One branch of a parallel block: a sequence of steps that starts at its first step and finishes by leading to
/// the join. A branch whose condition is false is skipped and counts as done.
/// </summary>
public sealed class BranchDefinition
{
    internal BranchDefinition(string id, Condition? when, int line)
    {
        Id = id;
        When = when;
        Line = line;
    }

    /// <summary>The branch id, unique within the definition.</summary>
    public string Id { get; }

    /// <summary>The condition that must hold for the branch to run; <c>null</c> when it always runs.</summary>
    public Condition? When { get; }

    /// <summary>The branch's steps; the first one starts the branch.</summary>
    public IReadOnlyList<StepDefinition> Steps { get; internal set; } = [];

    /// <summary>Where the branch is declared.</summary>
    public int Line { get; }

    /// <summary>The parallel step that owns the branch.</summary>
    public ParallelStep Block { get; internal set; } = null!;
}
