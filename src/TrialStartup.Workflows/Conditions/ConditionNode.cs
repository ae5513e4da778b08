namespace TrialStartup.Workflows.Conditions;

using TrialStartup.Workflows.Definitions;

/// <summary>A node of a condition's syntax tree; its type is known once it is built.</summary>
internal abstract record ConditionNode(FactType Type)
{
    public abstract object Evaluate(IReadOnlyDictionary<string, string> facts);

    public virtual IEnumerable<string> FactNames() => [];
}

internal sealed record LiteralNode(FactType Type, object Value) : ConditionNode(Type)
{
    public override object Evaluate(IReadOnlyDictionary<string, string> facts) => Value;
}

internal sealed record FactNode(FactDeclaration Fact) : ConditionNode(Fact.Type)
{
    public override object Evaluate(IReadOnlyDictionary<string, string> facts) =>
        facts.TryGetValue(Fact.Name, out var value)
            ? Condition.Convert(value, Fact.Type)
            : throw new InvalidOperationException($"fact '{Fact.Name}' has no value; instances are started with every declared fact");

    public override IEnumerable<string> FactNames() => [Fact.Name];
}

internal sealed record NotNode(ConditionNode Operand) : ConditionNode(FactType.Bool)
{
    public override object Evaluate(IReadOnlyDictionary<string, string> facts) => !(bool)Operand.Evaluate(facts);

    public override IEnumerable<string> FactNames() => Operand.FactNames();
}

internal sealed record LogicalNode(string Operator, ConditionNode Left, ConditionNode Right) : ConditionNode(FactType.Bool)
{
    public override object Evaluate(IReadOnlyDictionary<string, string> facts) => Operator == "and"
        ? (bool)Left.Evaluate(facts) && (bool)Right.Evaluate(facts)
        : (bool)Left.Evaluate(facts) || (bool)Right.Evaluate(facts);

    public override IEnumerable<string> FactNames() => Left.FactNames().Concat(Right.FactNames());
}

internal sealed record ComparisonNode(string Operator, ConditionNode Left, ConditionNode Right) : ConditionNode(FactType.Bool)
{
    public override object Evaluate(IReadOnlyDictionary<string, string> facts)
    {
        var left = Left.Evaluate(facts);
        var right = Right.Evaluate(facts);
        return Operator switch
        {
            "==" => Equals(left, right),
            "!=" => !Equals(left, right),
            "<" => (decimal)left < (decimal)right,
            "<=" => (decimal)left <= (decimal)right,
            ">" => (decimal)left > (decimal)right,
            _ => (decimal)left >= (decimal)right,
        };
    }

    public override IEnumerable<string> FactNames() => Left.FactNames().Concat(Right.FactNames());
}

internal sealed record InNode(ConditionNode Value, IReadOnlyList<object> Candidates) : ConditionNode(FactType.Bool)
{
    public override object Evaluate(IReadOnlyDictionary<string, string> facts) => Candidates.Contains(Value.Evaluate(facts));

    public override IEnumerable<string> FactNames() => Value.FactNames();
}
