namespace TrialStartup.Api.Tests.Deployment;

using YamlDotNet.RepresentationModel;

/// <summary>Navigation over parsed YAML that answers <c>null</c> for a missing key instead of throwing.</summary>
internal static class YamlNodes
{
    /// <summary>The value under <paramref name="key"/> when <paramref name="node"/> is a mapping that has it.</summary>
    public static YamlNode? Child(this YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    /// <summary>The mapping under a path of keys.</summary>
    public static YamlMappingNode? Mapping(this YamlNode? node, params string[] path) => node.At(path) as YamlMappingNode;

    /// <summary>The sequence under a path of keys.</summary>
    public static YamlSequenceNode? Sequence(this YamlNode? node, params string[] path) => node.At(path) as YamlSequenceNode;

    /// <summary>The scalar text under a path of keys.</summary>
    public static string? Text(this YamlNode? node, params string[] path) => (node.At(path) as YamlScalarNode)?.Value;

    /// <summary>The entries of a mapping as key text and value node (empty for anything else).</summary>
    public static IEnumerable<KeyValuePair<string, YamlNode>> Entries(this YamlNode? node) =>
        node is YamlMappingNode mapping
            ? mapping.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value ?? "", c.Value))
            : [];

    /// <summary>The items of a sequence (empty for anything else).</summary>
    public static IEnumerable<YamlNode> Items(this YamlNode? node) => node is YamlSequenceNode sequence ? sequence.Children : [];

    /// <summary>Every scalar in the tree under <paramref name="node"/>, keys included.</summary>
    public static IEnumerable<string> AllScalars(this YamlNode node) => node.AllNodes.OfType<YamlScalarNode>().Select(s => s.Value ?? "");

    private static YamlNode? At(this YamlNode? node, string[] path)
    {
        foreach (var key in path)
        {
            node = node.Child(key);
        }

        return node;
    }
}
