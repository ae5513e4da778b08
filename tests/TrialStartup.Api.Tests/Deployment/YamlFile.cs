namespace TrialStartup.Api.Tests.Deployment;

using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

/// <summary>
/// Reads YAML as Compose and kubectl do: every document of a multi-document file, with anchors, aliases and merge
/// keys (<c>&lt;&lt;: *anchor</c>, <c>&lt;&lt;: [*a, *b]</c>) resolved: a key the mapping sets itself wins over a merged
/// one, and an earlier merged mapping over a later one.
/// </summary>
internal static class YamlFile
{
    /// <summary>The root node of every document in the file at <paramref name="relativePath"/>.</summary>
    public static IReadOnlyList<YamlNode> LoadDocuments(string relativePath)
    {
        using var reader = new StringReader(RepositoryFiles.ReadText(relativePath));
        var stream = new YamlStream();
        stream.Load(new Parser(reader));
        return [.. stream.Documents.Select(d => Merged(d.RootNode))];
    }

    /// <summary>The single document of the file, which must be a mapping.</summary>
    public static YamlMappingNode LoadMapping(string relativePath)
    {
        var documents = LoadDocuments(relativePath);
        Assert.True(documents.Count == 1, $"{relativePath}: expected one YAML document, found {documents.Count}");
        return Assert.IsType<YamlMappingNode>(documents[0]);
    }

    // YamlDotNet's MergingParser inlines the merged keys and so fails on a key that overrides one of them ("Duplicate
    // key"); this resolves merges on the loaded tree instead, where aliases already point at their anchored nodes.
    private static YamlNode Merged(YamlNode node) => node switch
    {
        YamlMappingNode mapping => MergedMapping(mapping),
        YamlSequenceNode sequence => new YamlSequenceNode(sequence.Children.Select(Merged)),
        _ => node,
    };

    private static YamlMappingNode MergedMapping(YamlMappingNode mapping)
    {
        var result = new YamlMappingNode();
        foreach (var (key, value) in mapping.Children.Where(c => !IsMergeKey(c.Key)))
        {
            result.Add(key, Merged(value));
        }

        foreach (var (_, value) in mapping.Children.Where(c => IsMergeKey(c.Key)))
        {
            var sources = value is YamlSequenceNode sequence ? sequence.Children : [value];
            foreach (var source in sources)
            {
                var merged = Merged(source) as YamlMappingNode
                    ?? throw new InvalidOperationException($"a merge key (<<) at {source.Start} names something other than a mapping");
                foreach (var (key, mergedValue) in merged.Children.Where(c => !result.Children.ContainsKey(c.Key)))
                {
                    result.Add(key, mergedValue);
                }
            }
        }

        return result;
    }

    private static bool IsMergeKey(YamlNode key) =>
        key is YamlScalarNode { Value: "<<", Style: ScalarStyle.Plain or ScalarStyle.Any };
}
