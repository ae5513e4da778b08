namespace TrialStartup.Workflows.Definitions;

using TrialStartup.Workflows.Conditions;

/// <summary>An automatic step that goes to the first case whose condition holds over the project's facts.</summary>
public sealed class ChoiceStep : StepDefinition
{
    internal ChoiceStep(string id, string? title, int line, IReadOnlyList<ChoiceCase> cases, string otherwise)
        : base(id, title, line)
    {
        Cases = cases;
        Otherwise = otherwise;
    }

    /// <summary>The cases, tried in order.</summary>
    public IReadOnlyList<ChoiceCase> Cases { get; }

    /// <summary>Where to go when no case holds.</summary>
    public string Otherwise { get; }

    /// <inheritdoc />
    public override IEnumerable<string> Successors => Cases.Select(c => c.Next).Append(Otherwise);
}

/// <summary>One case of a <see cref="ChoiceStep"/>.</summary>
/// <param name="When">The condition.</param>
/// <param name="Next">Where to go when it holds.</param>
public sealed record ChoiceCase(Condition When, string Next);
