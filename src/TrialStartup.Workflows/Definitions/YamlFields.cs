namespace TrialStartup.Workflows.Definitions;

using YamlDotNet.RepresentationModel;

/// <summary>
/// Reads one YAML mapping of a definition or calendar file, collecting problems (with line and step) instead of
/// stopping at the first, and reporting every key that nobody asked for as unknown.
/// </summary>
internal sealed class YamlFields
{
    private readonly YamlMappingNode _node;
    private readonly string _file;
    private readonly string? _stepId;
    private readonly List<DefinitionProblem> _problems;
    private readonly string _what;

    public YamlFields(YamlNode node, string file, string? stepId, List<DefinitionProblem> problems, string what,
        params string[] allowedKeys)
    {
        _file = file;
        _stepId = stepId;
        _problems = problems;
        _what = what;
        if (node is YamlMappingNode map)
        {
            _node = map;
            foreach (var key in map.Children.Keys)
            {
                var name = (key as YamlScalarNode)?.Value ?? "";
                if (!allowedKeys.Contains(name))
                {
                    Problem(key, $"unknown key '{name}' in {what} (allowed: {string.Join(", ", allowedKeys)})");
                }
            }
        }
        else
        {
            _node = new YamlMappingNode();
            Problem(node, $"{what} must be a mapping of keys to values");
        }
    }

    public int Line => Lines.Of(_node);

    public void Problem(YamlNode at, string message) => _problems.Add(new DefinitionProblem(_file, Lines.Of(at), _stepId, message));

    public void Problem(string message) => _problems.Add(new DefinitionProblem(_file, Line, _stepId, message));

    public YamlNode? Node(string key) =>
        _node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public bool Has(string key) => Node(key) is not null;

    public string? String(string key, bool required = false)
    {
        var node = Node(key);
        if (node is null)
        {
            if (required)
            {
                Problem($"{_what} needs '{key}'");
            }

            return null;
        }

        if (node is YamlScalarNode { Value: { Length: > 0 } value })
        {
            return value;
        }

        Problem(node, $"'{key}' must be a single non-empty value");
        return null;
    }

    public int? Int(string key, bool required = false, int min = int.MinValue)
    {
        var text = String(key, required);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            Problem(Node(key)!, $"'{key}' must be a whole number, not '{text}'");
            return null;
        }

        if (value < min)
        {
            Problem(Node(key)!, $"'{key}' must be at least {min}, not {value}");
            return null;
        }

        return value;
    }

    public YamlSequenceNode? Sequence(string key, bool required = false)
    {
        var node = Node(key);
        switch (node)
        {
            case null:
                if (required)
                {
                    Problem($"{_what} needs '{key}'");
                }

                return null;
            case YamlSequenceNode sequence:
                return sequence;
            default:
                Problem(node, $"'{key}' must be a list");
                return null;
        }
    }

    public YamlMappingNode? Mapping(string key, bool required = false)
    {
        var node = Node(key);
        switch (node)
        {
            case null:
                if (required)
                {
                    Problem($"{_what} needs '{key}'");
                }

                return null;
            case YamlMappingNode mapping:
                return mapping;
            default:
                Problem(node, $"'{key}' must be a mapping of keys to values");
                return null;
        }
    }

    /// <summary>A list of plain values, also accepting a single value in place of a one-element list.</summary>
    public IReadOnlyList<string> Strings(string key)
    {
        return Node(key) switch
        {
            null => [],
            YamlScalarNode { Value: { } single } => [single],
            YamlSequenceNode sequence => sequence.Children.Select(child => child is YamlScalarNode { Value: { } v } ? v : Fail(child)).ToList(),
            var other => [Fail(other)],
        };

        string Fail(YamlNode node)
        {
            Problem(node, $"'{key}' must be a list of plain values");
            return "";
        }
    }
}

/// <summary>YamlDotNet marks are 1-based already; one place to say so.</summary>
internal static class Lines
{
    public static int Of(YamlNode node) => (int)node.Start.Line;
}
