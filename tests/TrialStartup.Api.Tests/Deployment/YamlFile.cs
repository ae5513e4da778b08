namespace TrialStartup.Api.Tests.Deployment;

using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

/// <summary>
/// Reads YAML as Compose and kubectl do: every document of a multi-document file, with anchors, aliases and merge
/// keys (<c>&lt;&lt;: *anchor</c>) resolved.
/// </summary>
internal static class YamlFile
{
    /// <summary>The root node of every document in the file at <paramref name="relativePath"/>.</summary>
    public static IReadOnlyList<YamlNode> LoadDocuments(string relativePath)
    {
        using var reader = new StringReader(RepositoryFiles.ReadText(relativePath));
        var stream = new YamlStream();
        stream.Load(new MergingParser(new Parser(reader)));
        return [.. stream.Documents.Select(d => d.RootNode)];
    }

    /// <summary>The single document of the file, which must be a mapping.</summary>
    public static YamlMappingNode LoadMapping(string relativePath)
    {
        var documents = LoadDocuments(relativePath);
        Assert.True(documents.Count == 1, $"{relativePath}: expected one YAML document, found {documents.Count}");
        return Assert.IsType<YamlMappingNode>(documents[0]);
    }
}
