namespace TrialStartup.Api.Tests.Deployment;

using YamlDotNet.RepresentationModel;

/// <summary>Every document of every manifest under <c>deploy/kubernetes</c>, the Secret template included.</summary>
internal static class KubernetesManifests
{
    public const string Folder = "deploy/kubernetes";

    private static readonly Lazy<IReadOnlyList<(string File, YamlNode Document)>> All = new(Load);

    /// <summary>Each document with the repository-relative file it came from.</summary>
    public static IReadOnlyList<(string File, YamlNode Document)> Documents => All.Value;

    public static IEnumerable<YamlMappingNode> OfKind(string kind) =>
        Documents.Select(d => d.Document).OfType<YamlMappingNode>().Where(d => d.Text("kind") == kind);

    public static YamlMappingNode Named(string kind, string name) =>
        OfKind(kind).SingleOrDefault(d => d.Text("metadata", "name") == name)
        ?? throw new InvalidOperationException($"no {kind} named '{name}' under {Folder}");

    /// <summary>The Deployment whose pods carry <c>app.kubernetes.io/component: <paramref name="component"/></c>.</summary>
    public static YamlMappingNode DeploymentOf(string component) =>
        OfKind("Deployment").Single(d => d.Text("spec", "template", "metadata", "labels", "app.kubernetes.io/component") == component);

    /// <summary>The containers of a Deployment's pod template.</summary>
    public static IEnumerable<YamlMappingNode> Containers(YamlMappingNode deployment) =>
        deployment.Sequence("spec", "template", "spec", "containers").Items().OfType<YamlMappingNode>();

    /// <summary>The HTTP paths a container's startup, readiness and liveness probes ask for.</summary>
    public static IEnumerable<string> ProbePaths(YamlMappingNode container) =>
        new[] { "startupProbe", "readinessProbe", "livenessProbe" }
            .Select(probe => container.Text(probe, "httpGet", "path"))
            .OfType<string>();

    private static List<(string File, YamlNode Document)> Load()
    {
        var folder = RepositoryFiles.PathOf(Folder);
        return [.. Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => Path.GetRelativePath(RepositoryFiles.Root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .SelectMany(f => YamlFile.LoadDocuments(f).Select(d => (f, d)))];
    }
}
