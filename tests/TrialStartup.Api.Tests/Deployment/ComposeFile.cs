namespace TrialStartup.Api.Tests.Deployment;

using YamlDotNet.RepresentationModel;

/// <summary><c>deploy/docker-compose.yml</c>, parsed with its anchors and merge keys resolved.</summary>
internal static class ComposeFile
{
    public const string RelativePath = "deploy/docker-compose.yml";

    /// <summary>The services that run the TrialStartup hosts (the others are SQL Server and RabbitMQ).</summary>
    public static readonly string[] HostServices = ["api", "worker-1", "worker-2", "sample-institution"];

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
