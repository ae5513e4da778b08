namespace TrialStartup.Api.Tests.Deployment;

using YamlDotNet.RepresentationModel;

/// <summary><c>deploy/docker-compose.yml</c>, parsed with its anchors and merge keys resolved.</summary>
internal static class ComposeFile
{
    public const string RelativePath = "deploy/docker-compose.yml";

    /// <summary>The services that run the TrialStartup hosts (the others are SQL Server, RabbitMQ, the object store and the proxy).</summary>
    public static readonly string[] HostServices = ["api-1", "api-2", "worker-1", "worker-2", "sample-institution"];

    /// <summary>The Api replicas, behind the proxy.</summary>
    public static readonly string[] ApiServices = ["api-1", "api-2"];

    /// <summary>The Worker replicas.</summary>
    public static readonly string[] WorkerServices = ["worker-1", "worker-2"];

    /// <summary>The reverse proxy in front of the Apis, the one way in.</summary>
    public const string ProxyService = "proxy";

    /// <summary>The S3-compatible object store the Apis keep the dossier in.</summary>
    public const string ObjectStoreService = "minio";

    private static readonly Lazy<YamlMappingNode> Document = new(() => YamlFile.LoadMapping(RelativePath));

    public static YamlMappingNode Root => Document.Value;

    public static YamlMappingNode Services => Root.Mapping("services") ?? throw new InvalidOperationException("no services");

    public static YamlMappingNode Service(string name) =>
        Services.Mapping(name) ?? throw new InvalidOperationException($"{RelativePath} has no service '{name}'");

    /// <summary>A service's environment as name and value, from either the mapping or the <c>NAME=value</c> list form.</summary>
    public static IReadOnlyDictionary<string, string> Environment(string service)
    {
        var environment = Service(service).Child("environment");
        var entries = environment is YamlSequenceNode list
            ? list.Items().Select(i => ((YamlScalarNode)i).Value ?? "").Select(i => i.Split('=', 2)).Select(p => KeyValuePair.Create(p[0], p.Length > 1 ? p[1] : ""))
            : environment.Entries().Select(e => KeyValuePair.Create(e.Key, (e.Value as YamlScalarNode)?.Value ?? ""));
        return entries.ToDictionary();
    }

    /// <summary>A service's published ports in the short form (<c>[ip:]host:container</c>), as written.</summary>
    public static IReadOnlyList<string> Ports(string service) =>
        [.. Service(service).Child("ports").Items().Select(p => ((YamlScalarNode)p).Value ?? "")];

    /// <summary>A service's mounts in the short form: source (a named volume, or a path relative to <c>deploy/</c>) and target.</summary>
    public static IReadOnlyList<(string Source, string Target)> Mounts(string service) =>
        [.. Service(service).Child("volumes").Items().Select(v => (((YamlScalarNode)v).Value ?? "").Split(':')).Select(p => (p[0], p.ElementAtOrDefault(1) ?? ""))];

    /// <summary>The text of a service's command (the exec form joined with spaces), or <c>null</c> without one.</summary>
    public static string? Command(string service) => Service(service).Child("command") switch
    {
        YamlScalarNode scalar => scalar.Value,
        YamlSequenceNode sequence => string.Join(' ', sequence.Items().Select(i => ((YamlScalarNode)i).Value)),
        _ => null,
    };

    /// <summary>The text of a service's health check command (the exec form joined with spaces).</summary>
    public static string? HealthcheckCommand(string service)
    {
        var test = Service(service).Child("healthcheck").Child("test");
        return test switch
        {
            YamlScalarNode scalar => scalar.Value,
            YamlSequenceNode sequence => string.Join(' ', sequence.Items().Select(i => ((YamlScalarNode)i).Value)),
            _ => null,
        };
    }
}
