namespace TrialStartup.Workflows.Definitions;

/// <summary>A human task: one role at the institution decides one of the allowed outcomes within a target.</summary>
public sealed class TaskStep : StepDefinition
{
    internal TaskStep(string id, string? title, int line, string role, TurnaroundTarget target,
        IReadOnlyList<OutcomeDefinition> outcomes, IReadOnlyList<FactDeclaration> decisionFacts)
        : base(id, title, line)
    {
        Role = role;
        Target = target;
        Outcomes = outcomes;
        DecisionFacts = decisionFacts;
    }

    /// <summary>The role whose members may decide the task.</summary>
    public string Role { get; }

    /// <summary>The turnaround target in working days.</summary>
    public TurnaroundTarget Target { get; }

    /// <summary>The outcomes a decision may have, in the order the file lists them.</summary>
    public IReadOnlyList<OutcomeDefinition> Outcomes { get; }

    /// <summary>Facts every decision on this task must carry, such as the ethics review type.</summary>
    public IReadOnlyList<FactDeclaration> DecisionFacts { get; }

    /// <summary>The outcome of that name, or <c>null</c>.</summary>
    public OutcomeDefinition? Outcome(string name) => Outcomes.FirstOrDefault(o => o.Name == name);

    /// <inheritdoc />
    public override IEnumerable<string> Successors => Outcomes.Where(o => o.Next is not null).Select(o => o.Next!);
}
