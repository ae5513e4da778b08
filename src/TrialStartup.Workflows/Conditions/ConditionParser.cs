namespace TrialStartup.Workflows.Conditions;

using System.Globalization;
using TrialStartup.Workflows.Definitions;

/// <summary>A recursive-descent parser that type-checks as it builds, so every error names what is wrong.</summary>
internal sealed class ConditionParser
{
    private readonly List<string> _tokens;
    private readonly IReadOnlyList<FactDeclaration> _facts;
    private int _position;

    public ConditionParser(string text, IReadOnlyList<FactDeclaration> facts)
    {
        _tokens = Tokenize(text);
        _facts = facts;
    }

    public ConditionNode ParseAll()
    {
        if (_tokens.Count == 0)
        {
            throw new ConditionException("is empty");
        }

        var node = ParseOr();
        if (_position < _tokens.Count)
        {
            throw new ConditionException($"unexpected '{_tokens[_position]}'");
        }

        return node;
    }

    private string? Peek => _position < _tokens.Count ? _tokens[_position] : null;

    private string Next() => _position < _tokens.Count ? _tokens[_position++] : throw new ConditionException("ends too early");

    private void Expect(string token)
    {
        var actual = Next();
        if (actual != token)
        {
            throw new ConditionException($"expected '{token}' but found '{actual}'");
        }
    }

    private ConditionNode ParseOr()
    {
        var left = ParseAnd();
        while (Peek == "or")
        {
            Next();
            left = new LogicalNode("or", RequireBool(left, "or"), RequireBool(ParseAnd(), "or"));
        }

        return left;
    }

    private ConditionNode ParseAnd()
    {
        var left = ParseNot();
        while (Peek == "and")
        {
            Next();
            left = new LogicalNode("and", RequireBool(left, "and"), RequireBool(ParseNot(), "and"));
        }

        return left;
    }

    private ConditionNode ParseNot()
    {
        if (Peek != "not")
        {
            return ParseComparison();
        }

        Next();
        return new NotNode(RequireBool(ParseNot(), "not"));
    }

    private ConditionNode ParseComparison()
    {
        var left = ParsePrimary();
        switch (Peek)
        {
            case "==" or "!=":
            {
                var op = Next();
                var right = ParsePrimary();
                RequireSameType(left, right, op);
                CheckRestrictedValue(left, right);
                CheckRestrictedValue(right, left);
                return new ComparisonNode(op, left, right);
            }
            case "<" or "<=" or ">" or ">=":
            {
                var op = Next();
                var right = ParsePrimary();
                RequireSameType(left, right, op);
                if (left.Type != FactType.Number)
                {
                    throw new ConditionException($"'{op}' compares numbers, not {Describe(left)}");
                }

                return new ComparisonNode(op, left, right);
            }
            case "in":
            {
                Next();
                Expect("[");
                var candidates = new List<object>();
                while (true)
                {
                    var literal = ParsePrimary();
                    if (literal is not LiteralNode value)
                    {
                        throw new ConditionException("'in [...]' takes literal values only");
                    }

                    RequireSameType(left, value, "in");
                    CheckRestrictedValue(left, value);
                    candidates.Add(value.Value);
                    var separator = Next();
                    if (separator == "]")
                    {
                        break;
                    }

                    if (separator != ",")
                    {
                        throw new ConditionException($"expected ',' or ']' but found '{separator}'");
                    }
                }

                return new InNode(left, candidates);
            }
            default:
                return left;
        }
    }

    private ConditionNode ParsePrimary()
    {
        var token = Next();
        if (token == "(")
        {
            var inner = ParseOr();
            Expect(")");
            return inner;
        }

        if (token is "true" or "false")
        {
            return new LiteralNode(FactType.Bool, token == "true");
        }

        if (token[0] is '\'' or '"')
        {
            return new LiteralNode(FactType.String, token[1..^1]);
        }

        if (char.IsDigit(token[0]) || token[0] == '-')
        {
            return decimal.TryParse(token, NumberStyles.Number, CultureInfo.InvariantCulture, out var number)
                ? new LiteralNode(FactType.Number, number)
                : throw new ConditionException($"'{token}' is not a number");
        }

        if (char.IsLetter(token[0]))
        {
            var fact = _facts.FirstOrDefault(f => f.Name == token)
                ?? throw new ConditionException($"unknown fact '{token}' (declared: {string.Join(", ", _facts.Select(f => f.Name))})");
            return new FactNode(fact);
        }

        throw new ConditionException($"unexpected '{token}'");
    }

    private static ConditionNode RequireBool(ConditionNode node, string op) =>
        node.Type == FactType.Bool ? node : throw new ConditionException($"'{op}' needs bool operands, not {Describe(node)}");

    private static void RequireSameType(ConditionNode left, ConditionNode right, string op)
    {
        if (left.Type != right.Type)
        {
            throw new ConditionException($"'{op}' compares {Describe(left)} with {Describe(right)}");
        }
    }

    // A fact restricted to listed values compared with any other value is always false: almost certainly a typo.
    private static void CheckRestrictedValue(ConditionNode factSide, ConditionNode valueSide)
    {
        if (factSide is FactNode { Fact.AllowedValues.Count: > 0 } fact && valueSide is LiteralNode { Value: string value }
            && !fact.Fact.AllowedValues.Contains(value))
        {
            throw new ConditionException(
                $"fact '{fact.Fact.Name}' can never be '{value}' (allowed: {string.Join(", ", fact.Fact.AllowedValues)})");
        }
    }

    private static string Describe(ConditionNode node) => node switch
    {
        FactNode f => $"fact '{f.Fact.Name}' ({f.Fact.Type.ToString().ToLowerInvariant()})",
        _ => $"a {node.Type.ToString().ToLowerInvariant()}",
    };

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')' or '[' or ']' or ',')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if (c is '=' or '!' or '<' or '>')
            {
                var two = i + 1 < text.Length && text[i + 1] == '=';
                var op = two ? text.Substring(i, 2) : c.ToString();
                if (op is "=" or "!")
                {
                    throw new ConditionException($"'{op}' at position {i + 1} is not an operator (use == or !=)");
                }

                tokens.Add(op);
                i += op.Length;
            }
            else if (c is '\'' or '"')
            {
                var end = text.IndexOf(c, i + 1);
                if (end < 0)
                {
                    throw new ConditionException($"text starting at position {i + 1} is not closed");
                }

                tokens.Add(text[i..(end + 1)]);
                i = end + 1;
            }
            else if (char.IsLetterOrDigit(c) || c is '-' or '.' or '_')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '-' or '.' or '_'))
                {
                    i++;
                }

                tokens.Add(text[start..i]);
            }
            else
            {
                throw new ConditionException($"unexpected character '{c}' at position {i + 1}");
            }
        }

        return tokens;
    }
}
