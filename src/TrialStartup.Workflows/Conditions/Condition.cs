namespace TrialStartup.Workflows.Conditions;

using System.Globalization;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// A parsed, type-checked condition over a project's facts. The language is deliberately small (no scripting
/// engine): fact names, literals (<c>true</c>, <c>false</c>, numbers, <c>'text'</c>), comparisons
/// (<c>== != &lt; &lt;= &gt; &gt;=</c>), <c>in [..]</c>, <c>and</c>, <c>or</c>, <c>not</c> and parentheses.
/// Example: <c>multiCenter and siteRole == 'participating' and not acceptsLeadEthics</c>.
/// </summary>
public sealed class Condition
{
    private readonly ConditionNode _root;

    private Condition(string text, ConditionNode root)
    {
        Text = text;
        _root = root;
    }

    /// <summary>The condition as written.</summary>
    public string Text { get; }

    /// <summary>The facts the condition reads.</summary>
    public IEnumerable<string> FactNames => _root.FactNames();

    /// <summary>
    /// Parses and type-checks <paramref name="text"/> against the declared facts. Returns <c>null</c> and fills
    /// <paramref name="error"/> when the text does not parse, names an unknown fact, compares values of different
    /// types, compares a restricted string with a value it can never have, or is not a bool.
    /// </summary>
    public static Condition? TryParse(string text, IReadOnlyList<FactDeclaration> facts, out string? error)
    {
        try
        {
            var root = new ConditionParser(text, facts).ParseAll();
            if (root.Type != FactType.Bool)
            {
                error = $"condition '{text}' is a {root.Type.ToString().ToLowerInvariant()}, not a bool";
                return null;
            }

            error = null;
            return new Condition(text, root);
        }
        catch (ConditionException e)
        {
            error = $"condition '{text}': {e.Message}";
            return null;
        }
    }

    /// <summary>Evaluates the condition over facts given as their canonical text (<c>true</c>, <c>12.5</c>, <c>lead</c>).</summary>
    public bool Evaluate(IReadOnlyDictionary<string, string> facts) => (bool)_root.Evaluate(facts);

    /// <inheritdoc />
    public override string ToString() => Text;

    internal static object Convert(string value, FactType type) => type switch
    {
        FactType.Bool => value == "true",
        FactType.Number => decimal.Parse(value, NumberStyles.Number, CultureInfo.InvariantCulture),
        _ => value,
    };
}
