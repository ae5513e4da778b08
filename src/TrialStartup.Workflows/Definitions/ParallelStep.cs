namespace TrialStartup.Workflows.Definitions;

/// <summary>Runs its branches at the same time and goes on to <see cref="Next"/> when the join is satisfied.</summary>
public sealed class ParallelStep : StepDefinition
{
    internal ParallelStep(string id, string? title, int line, JoinRule join, IReadOnlyList<BranchDefinition> branches, string next)
        : base(id, title, line)
    {
        Join = join;
        Branches = branches;
        Next = next;
    }

    /// <summary>When the block is done.</summary>
    public JoinRule Join { get; }

    /// <summary>The branches, in file order.</summary>
    public IReadOnlyList<BranchDefinition> Branches { get; }

    /// <summary>Where to go after the join.</summary>
    public string Next { get; }

    /// <inheritdoc />
    public override IEnumerable<string> Successors => [Next];
}
