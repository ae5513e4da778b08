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

    /// <summary>The volumes of a Deployment's pod template.</summary>
    public static IEnumerable<YamlMappingNode> Volumes(YamlMappingNode deployment) =>
        deployment.Sequence("spec", "template", "spec", "volumes").Items().OfType<YamlMappingNode>();

    /// <summary>
    /// The variables a container starts with: those of the ConfigMaps and Secrets it takes whole (<c>envFrom</c>), then
    /// those it names itself (<c>env</c>, which win), each as a literal value or as the Secret key it is read from.
    /// </summary>
    public static IReadOnlyDictionary<string, EnvironmentSource> Environment(YamlMappingNode container)
    {
        var variables = new Dictionary<string, EnvironmentSource>(StringComparer.Ordinal);
        foreach (var source in container.Child("envFrom").Items())
        {
            if (source.Text("configMapRef", "name") is { } configMap)
            {
                foreach (var (name, value) in Named("ConfigMap", configMap).Child("data").Entries())
                {
                    variables[name] = new EnvironmentSource(value.Text(), null, null);
                }
            }

            if (source.Text("secretRef", "name") is { } secret)
            {
                foreach (var (name, _) in Named("Secret", secret).Child("stringData").Entries().Concat(Named("Secret", secret).Child("data").Entries()))
                {
                    variables[name] = new EnvironmentSource(null, secret, name);
                }
            }
        }

        foreach (var variable in container.Child("env").Items())
        {
            var name = variable.Text("name") ?? "";
            variables[name] = (variable.Mapping("valueFrom", "secretKeyRef"), variable.Mapping("valueFrom", "configMapKeyRef")) switch
            {
                ({ } secretKey, _) => new EnvironmentSource(null, secretKey.Text("name"), secretKey.Text("key")),
                (_, { } configKey) => new EnvironmentSource(Named("ConfigMap", configKey.Text("name")!).Text("data", configKey.Text("key")!), null, null),
                _ => new EnvironmentSource(variable.Text("value"), null, null),
            };
        }

        return variables;
    }

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

/// <summary>Where a container's variable comes from: a literal <see cref="Value"/>, or the key of a Secret.</summary>
internal sealed record EnvironmentSource(string? Value, string? SecretName, string? SecretKey)
{
    public bool FromSecret => SecretName is not null;
}
