namespace TrialStartup.Api.Tests.Deployment;

using System.Text.RegularExpressions;
using TrialStartup.Api.Dossier;
using TrialStartup.Messaging.Hosting;
using YamlDotNet.RepresentationModel;

/// <summary>
/// <c>deploy/docker-compose.yml</c> and its proxy's configuration checked without a Docker engine: its shape, health
/// checks, start order, volumes, variables, the object store the Apis share and the proxy in front of them. (Whether
/// the containers really start is only known where Docker runs; see deploy/README.md.)
/// </summary>
public sealed partial class ComposeFileTests
{
    private static readonly string[] CoreServices =
        ["sqlserver", "rabbitmq", ComposeFile.ObjectStoreService, .. ComposeFile.ApiServices, ComposeFile.ProxyService, .. ComposeFile.WorkerServices];

    [Fact]
    public void ComposeFile_WhenParsed_HasTheCoreServicesEachWithAHealthcheck()
    {
        foreach (var name in CoreServices)
        {
            var service = ComposeFile.Service(name);
            Assert.False(string.IsNullOrWhiteSpace(ComposeFile.HealthcheckCommand(name)), $"service '{name}' has no healthcheck.test");
            Assert.True(service.Child("image") is not null || service.Child("build") is not null, $"service '{name}' has neither image nor build");
        }
    }

    [Fact]
    public void ComposeFile_WhenServicesMountNamedVolumes_DeclaresEachVolumeAtTheTopLevelAndMountsEachDeclared()
    {
        var declared = ComposeFile.Root.Child("volumes").Entries().Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        var mounts = ComposeFile.Services.Entries()
            .SelectMany(s => ComposeFile.Mounts(s.Key).Select(m => (Service: s.Key, m.Source, m.Target)))
            .ToList();
        var named = mounts.Where(m => !m.Source.StartsWith('.') && !m.Source.StartsWith('/') && !m.Source.StartsWith('~')).ToList();

        foreach (var (service, source, _) in named)
        {
            Assert.True(declared.Contains(source), $"service '{service}' mounts volume '{source}', which the top-level volumes do not declare");
        }

        foreach (var volume in declared)
        {
            Assert.True(named.Any(m => m.Source == volume), $"volume '{volume}' is declared but no service mounts it");
        }

        Assert.Contains(mounts, m => m is { Service: "sqlserver", Target: "/var/opt/mssql" });
        Assert.Contains(mounts, m => m is { Service: "rabbitmq", Target: "/var/lib/rabbitmq" });
        Assert.Contains(mounts, m => m is { Service: ComposeFile.ObjectStoreService, Target: "/data" } && declared.Contains(m.Source));
        // The Apis keep nothing of their own: documents are in the object store, token keys in the database.
        Assert.All(ComposeFile.ApiServices, api => Assert.Empty(ComposeFile.Mounts(api)));
    }

    [Fact]
    public void ComposeFile_WhenAServiceDependsOnAnother_WaitsUntilItIsHealthyOrHasDoneItsOneShot()
    {
        foreach (var (name, service) in ComposeFile.Services.Entries())
        {
            var dependsOn = service.Child("depends_on");
            Assert.False(dependsOn is YamlSequenceNode, $"service '{name}': depends_on as a list only waits for the start, not for health");
            foreach (var (dependency, settings) in dependsOn.Entries())
            {
                var condition = settings.Text("condition");
                if (condition == "service_completed_successfully")
                {
                    // A one-shot task (creating the bucket): it must end, so it must not be restarted.
                    Assert.True(ComposeFile.Service(dependency).Text("restart") == "no",
                        $"service '{name}' waits for '{dependency}' to complete, but '{dependency}' is restarted when it ends");
                    continue;
                }

                Assert.Equal("service_healthy", condition);
                Assert.False(string.IsNullOrWhiteSpace(ComposeFile.HealthcheckCommand(dependency)),
                    $"service '{name}' waits for '{dependency}' to be healthy, but '{dependency}' has no healthcheck");
            }
        }

        Assert.Equal(["minio"], DependenciesOf("minio-init"));
        Assert.Equal(["minio", "minio-init", "rabbitmq", "sqlserver"], DependenciesOf("api-1"));
        // api-2 after api-1: an installation's first start (database, roles, token keys, demo data) happens once.
        Assert.Equal(["api-1", "minio", "minio-init", "rabbitmq", "sqlserver"], DependenciesOf("api-2"));
        Assert.Equal(["api-1", "api-2"], DependenciesOf(ComposeFile.ProxyService));
        Assert.All(ComposeFile.WorkerServices, worker => Assert.Equal(["api-1", "rabbitmq", "sqlserver"], DependenciesOf(worker)));
    }

    [Fact]
    public void ComposeFile_ForTheHosts_TheApisMigrateAndTheWorkersDoNot()
    {
        Assert.All(ComposeFile.ApiServices, api => Assert.Equal("true", ComposeFile.Environment(api)["TrialStartup__Database__MigrateOnStart"]));
        Assert.All(ComposeFile.WorkerServices, worker => Assert.Equal("false", ComposeFile.Environment(worker)["TrialStartup__Database__MigrateOnStart"]));
        foreach (var host in ComposeFile.ApiServices.Concat(ComposeFile.WorkerServices))
        {
            var environment = ComposeFile.Environment(host);
            Assert.Equal("sqlserver", environment["TrialStartup__Database__Provider"]);
            Assert.Equal("rabbitmq", environment["TrialStartup__Messaging__Transport"]);
            Assert.Equal("rabbitmq", environment["TrialStartup__Messaging__RabbitMq__Host"]);
        }
    }

    [Fact]
    public void ComposeFile_OnlyTheProxyPublishesAPortOnEveryInterface()
    {
        foreach (var (name, _) in ComposeFile.Services.Entries().Where(s => s.Key != ComposeFile.ProxyService))
        {
            // Anything else published (the broker's management UI) is for this machine only.
            Assert.All(ComposeFile.Ports(name), port => Assert.StartsWith("127.0.0.1:", port, StringComparison.Ordinal));
        }

        Assert.All(ComposeFile.HostServices.Append(ComposeFile.ObjectStoreService), host => Assert.Empty(ComposeFile.Ports(host)));
        Assert.Single(ComposeFile.Ports(ComposeFile.ProxyService));
    }

    [Fact]
    public void ComposeFile_Apis_ShareOneBucketOfTheObjectStoreThatTheOneShotCreates()
    {
        const string Documents = "TrialStartup__Documents__";
        var settings = ComposeFile.ApiServices
            .Select(api => ComposeFile.Environment(api).Where(e => e.Key.StartsWith(Documents, StringComparison.Ordinal)).OrderBy(e => e.Key, StringComparer.Ordinal).ToList())
            .ToList();
        var first = settings[0].ToDictionary();
        var store = ComposeFile.Environment(ComposeFile.ObjectStoreService);
        var serviceUrl = new Uri(first[Documents + "S3__ServiceUrl"]);
        var bucket = first[Documents + "S3__Bucket"];

        Assert.Equal(2, settings.Count);
        // Hosts on different stores or buckets would each see part of the dossier (and the second one would refuse to start).
        Assert.All(settings.Skip(1), other => Assert.Equal(settings[0], other));
        Assert.Equal("s3", first[Documents + "Store"]);
        Assert.Equal(ComposeFile.ObjectStoreService, serviceUrl.Host);
        Assert.Equal(9000, serviceUrl.Port);
        Assert.False(string.IsNullOrWhiteSpace(bucket));
        Assert.Equal(store["MINIO_ROOT_USER"], first[Documents + "S3__AccessKey"]);
        Assert.Equal(store["MINIO_ROOT_PASSWORD"], first[Documents + "S3__SecretKey"]);

        // The bucket must exist before an Api stores anything: a one-shot service creates it, and the Apis wait for it.
        var creators = ComposeFile.Services.Entries()
            .Where(s => ComposeFile.Command(s.Key) is { } command && command.Contains("mb ", StringComparison.Ordinal) && command.Contains("/" + bucket, StringComparison.Ordinal))
            .Select(s => s.Key)
            .ToList();
        var creator = Assert.Single(creators);
        Assert.All(ComposeFile.ApiServices, api => Assert.Equal("service_completed_successfully", ComposeFile.Service(api).Text("depends_on", creator, "condition")));
    }

    [Fact]
    public void ComposeFile_Proxy_SendsToBothApisStickyPerBrowserAndPassesWebSockets()
    {
        var (source, target) = Assert.Single(ComposeFile.Mounts(ComposeFile.ProxyService), m => m.Target.StartsWith("/etc/nginx/", StringComparison.Ordinal));
        var configPath = Path.GetRelativePath(RepositoryFiles.Root, Path.Combine(RepositoryFiles.PathOf("deploy"), source)).Replace(Path.DirectorySeparatorChar, '/');
        Assert.True(RepositoryFiles.Exists(configPath), $"the proxy mounts {source}, which is not in deploy/");
        Assert.StartsWith("/etc/nginx/conf.d/", target, StringComparison.Ordinal);
        var config = NginxConfig.Load(configPath);
        var all = config.SelectMany(d => d.Descendants().Prepend(d)).ToList();
        var server = Assert.Single(config, d => d.Name == "server");
        var location = Assert.Single(server.Children, d => d is { Name: "location", Argument: "/" });
        var upstreamName = Assert.Single(location.Children, d => d.Name == "proxy_pass").Argument!.Replace("http://", "", StringComparison.Ordinal);
        var upstream = Assert.Single(config, d => d.Name == "upstream" && d.Argument == upstreamName);

        // Both Apis, at the port they listen on (8080, the .NET images' default, which their health checks probe).
        Assert.Equal(
            ComposeFile.ApiServices.Select(api => api + ":8080"),
            upstream.Children.Where(d => d.Name == "server").Select(d => d.Argument).Order(StringComparer.Ordinal));

        // Sticky: by client address, or by a hash of a cookie (directly or through a map).
        var balancing = Assert.Single(upstream.Children, d => d.Name is "ip_hash" or "hash" or "sticky");
        if (balancing.Name == "hash")
        {
            var key = balancing.Argument!;
            var mapped = config.SingleOrDefault(d => d.Name == "map" && d.Arguments.Count == 2 && d.Arguments[1] == key);
            var basis = mapped?.Argument ?? key;
            Assert.True(basis.StartsWith("$cookie_", StringComparison.Ordinal) || basis is "$remote_addr" or "$binary_remote_addr",
                $"the proxy balances by {key}, which is neither a cookie nor the client's address: a browser's requests would be spread over both Apis");
        }

        // WebSockets (Blazor's /_blazor): HTTP/1.1 to the Api, with the client's Upgrade and a Connection that says upgrade.
        Assert.Contains(location.Children, d => d is { Name: "proxy_http_version", Argument: "1.1" });
        var headers = location.Children.Where(d => d.Name == "proxy_set_header" && d.Arguments.Count == 2)
            .ToDictionary(d => d.Arguments[0], d => d.Arguments[1], StringComparer.OrdinalIgnoreCase);
        Assert.Equal("$http_upgrade", headers.GetValueOrDefault("Upgrade"));
        var connection = headers.GetValueOrDefault("Connection") ?? "";
        if (connection.StartsWith('$'))
        {
            var map = Assert.Single(config, d => d.Name == "map" && d.Arguments.Count == 2 && d.Arguments[1] == connection);
            Assert.Equal("$http_upgrade", map.Argument);
            Assert.Contains(map.Children, d => d is { Name: "default", Argument: "upgrade" });
        }
        else
        {
            Assert.Equal("upgrade", connection, ignoreCase: true);
        }

        // The address the client used, port included: the Api names its token issuer after it.
        Assert.Equal("$http_host", headers.GetValueOrDefault("Host"));

        // An upload of the largest document passes (nginx's own default is 1 MB).
        var bodySize = all.LastOrDefault(d => d.Name == "client_max_body_size")?.Argument ?? "1m";
        var uploadLimit = UploadForm.RequestLimit(new TrialStartupOptions().Documents.MaxBytes);
        Assert.True(NginxConfig.Bytes(bodySize) >= uploadLimit, $"client_max_body_size {bodySize} refuses an upload of {uploadLimit} bytes");

        // The published port leads to the port the proxy listens on.
        var listen = Assert.Single(server.Children, d => d.Name == "listen").Argument!;
        Assert.EndsWith(":" + listen.Split(':')[^1], Assert.Single(ComposeFile.Ports(ComposeFile.ProxyService)), StringComparison.Ordinal);
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

        Assert.Equal(["api-1", "api-2", "sample-institution", "worker-1", "worker-2"], builds.Select(b => b.Key).Order(StringComparer.Ordinal));
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
