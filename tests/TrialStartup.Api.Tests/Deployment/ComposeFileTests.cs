namespace TrialStartup.Api.Tests.Deployment;

using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

/// <summary>
/// <c>deploy/docker-compose.yml</c> checked without a Docker engine: its shape, health checks, start order, volumes
/// and variables. (Whether the containers really start is only known where Docker runs; see deploy/README.md.)
/// </summary>
public sealed partial class ComposeFileTests
{
    private static readonly string[] CoreServices = ["sqlserver", "rabbitmq", "api", "worker-1", "worker-2"];

    [Fact]
    public void ComposeFile_WhenParsed_HasTheFiveServicesEachWithAHealthcheck()
    {
        foreach (var name in CoreServices)
        {
            var service = ComposeFile.Service(name);
            Assert.False(string.IsNullOrWhiteSpace(ComposeFile.HealthcheckCommand(name)), $"service '{name}' has no healthcheck.test");
            Assert.True(service.Child("image") is not null || service.Child("build") is not null, $"service '{name}' has neither image nor build");
        }
    }

    [Fact]
    public void ComposeFile_WhenServicesMountNamedVolumes_DeclaresEachVolumeAtTheTopLevel()
    {
        var declared = ComposeFile.Root.Child("volumes").Entries().Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        var mounts = ComposeFile.Services.Entries()
            .SelectMany(s => s.Value.Child("volumes").Items().Select(v => (Service: s.Key, Mount: ((YamlScalarNode)v).Value ?? "")))
            .Select(m => (m.Service, Source: m.Mount.Split(':')[0], Target: m.Mount.Split(':').ElementAtOrDefault(1)))
            .ToList();

        foreach (var (service, source, _) in mounts.Where(m => !m.Source.StartsWith('.') && !m.Source.StartsWith('/') && !m.Source.StartsWith('~')))
        {
            Assert.True(declared.Contains(source), $"service '{service}' mounts volume '{source}', which the top-level volumes do not declare");
        }

        Assert.Contains(mounts, m => m is { Service: "sqlserver", Target: "/var/opt/mssql" });
        Assert.Contains(mounts, m => m is { Service: "rabbitmq", Target: "/var/lib/rabbitmq" });
        Assert.Contains(mounts, m => m is { Service: "api", Target: "/app/data" } && declared.Contains(m.Source));
    }

    [Fact]
    public void ComposeFile_WhenAServiceDependsOnAnother_WaitsUntilItIsHealthy()
    {
        foreach (var (name, service) in ComposeFile.Services.Entries())
        {
            var dependsOn = service.Child("depends_on");
            Assert.False(dependsOn is YamlSequenceNode, $"service '{name}': depends_on as a list only waits for the start, not for health");
            foreach (var (dependency, settings) in dependsOn.Entries())
            {
                Assert.Equal("service_healthy", settings.Text("condition"));
                Assert.False(string.IsNullOrWhiteSpace(ComposeFile.HealthcheckCommand(dependency)),
                    $"service '{name}' waits for '{dependency}' to be healthy, but '{dependency}' has no healthcheck");
            }
        }

        Assert.Equal(["rabbitmq", "sqlserver"], DependenciesOf("api"));
        Assert.Equal(["api", "rabbitmq", "sqlserver"], DependenciesOf("worker-1"));
        Assert.Equal(["api", "rabbitmq", "sqlserver"], DependenciesOf("worker-2"));
    }

    [Fact]
    public void ComposeFile_ForTheHosts_OnlyTheApiMigratesAndPublishesAPort()
    {
        Assert.Equal("true", ComposeFile.Environment("api")["TrialStartup__Database__MigrateOnStart"]);
        Assert.Equal("false", ComposeFile.Environment("worker-1")["TrialStartup__Database__MigrateOnStart"]);
        Assert.Equal("false", ComposeFile.Environment("worker-2")["TrialStartup__Database__MigrateOnStart"]);
        Assert.EndsWith(":8080", Assert.Single(ComposeFile.Service("api").Child("ports").Items().Select(p => ((YamlScalarNode)p).Value)), StringComparison.Ordinal);
        Assert.Null(ComposeFile.Service("worker-1").Child("ports"));
        Assert.Null(ComposeFile.Service("worker-2").Child("ports"));
        foreach (var host in new[] { "api", "worker-1", "worker-2" })
        {
            var environment = ComposeFile.Environment(host);
            Assert.Equal("sqlserver", environment["TrialStartup__Database__Provider"]);
            Assert.Equal("rabbitmq", environment["TrialStartup__Messaging__Transport"]);
            Assert.Equal("rabbitmq", environment["TrialStartup__Messaging__RabbitMq__Host"]);
        }
    }

    [Fact]
    public void ComposeFile_SampleInstitution_RunsOnlyInTheSampleProfile()
    {
        var sample = ComposeFile.Service("sample-institution");

        Assert.Equal(["sample"], sample.Child("profiles").Items().Select(p => ((YamlScalarNode)p).Value));
        // It reads its institutions and the broker's connection, nothing else.
        Assert.Equal(
            ["SampleInstitution__Institutions", .. new[] { "Host", "Password", "Port", "Username", "VirtualHost" }.Select(k => "TrialStartup__Messaging__RabbitMq__" + k)],
            ComposeFile.Environment("sample-institution").Keys.Order(StringComparer.Ordinal));
        foreach (var name in CoreServices)
        {
            Assert.Null(ComposeFile.Service(name).Child("profiles"));
        }
    }

    [Fact]
    public void ComposeFile_BuildSections_UseTheRepositoryRootAndExistingDockerfiles()
    {
        var builds = ComposeFile.Services.Entries().Where(s => s.Value.Child("build") is not null).ToList();

        Assert.Equal(["api", "sample-institution", "worker-1", "worker-2"], builds.Select(b => b.Key).Order(StringComparer.Ordinal));
        foreach (var (name, service) in builds)
        {
            var context = Path.GetFullPath(Path.Combine(RepositoryFiles.PathOf("deploy"), service.Text("build", "context") ?? "."));
            Assert.True(context == RepositoryFiles.Root, $"service '{name}' builds in {context}, not the repository root");
            var dockerfile = service.Text("build", "dockerfile") ?? "Dockerfile";
            Assert.True(RepositoryFiles.Exists(dockerfile), $"service '{name}' builds {dockerfile}, which does not exist");
        }
    }

    [Fact]
    public void ComposeFile_EveryVariable_HasOneDefaultAndIsDocumented()
    {
        var readme = RepositoryFiles.ReadText("deploy/README.md");
        var example = RepositoryFiles.ReadText("deploy/.env.example");
        var uses = ComposeFile.Root.AllScalars().SelectMany(s => Interpolation().Matches(s)).Where(m => !m.Value.StartsWith("$$", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(uses);
        foreach (var use in uses)
        {
            var name = use.Groups["name"].Value;
            Assert.True(use.Groups["default"].Success, $"{use.Value} has no default (write ${{{name}:-value}}), so `docker compose up` needs a .env file");
            Assert.True(readme.Contains(name, StringComparison.Ordinal), $"{name} is not documented in deploy/README.md");
            Assert.True(example.Contains(name + "=", StringComparison.Ordinal), $"{name} is missing from deploy/.env.example");
        }

        foreach (var variable in uses.GroupBy(u => u.Groups["name"].Value))
        {
            Assert.True(variable.Select(u => u.Groups["value"].Value).Distinct().Count() == 1,
                $"{variable.Key} has different defaults: {string.Join(", ", variable.Select(u => u.Value).Distinct())}");
        }
    }

    private static string[] DependenciesOf(string service) =>
        [.. ComposeFile.Service(service).Child("depends_on").Entries().Select(e => e.Key).Order(StringComparer.Ordinal)];

    // $$ is an escaped dollar (left to the container); ${NAME:-value} and ${NAME-value} have a default; $NAME, ${NAME}
    // and ${NAME:?message} do not.
    [GeneratedRegex(@"\$\$|\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?<default>:?-)(?<value>[^}]*)|[^}]*)\}|\$(?<name>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Interpolation();
}
