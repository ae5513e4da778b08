namespace TrialStartup.Api.Tests.Deployment;

using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Tests.Infrastructure;

/// <summary>
/// The health paths that Kubernetes and Compose probe are paths the hosts really serve: asked of the running Api,
/// looked up as route literals in the Worker's sources, and the compose probe script run against the Api on Kestrel.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed partial class ProbePathTests(ApiHosts hosts)
{
    [Fact]
    public async Task ApiProbePaths_InManifestsAndCompose_AnswerOkOnTheRunningApi()
    {
        var paths = ProbePathsOf("api", ComposeFile.ApiServices);
        var api = hosts.For("sqlite");
        var client = api.CreateClient();

        // The bus check answers Unhealthy until the bus has started, a moment after the host: a probe asked before then
        // would fail for a reason that is not the path's. Kubernetes waits the same way (it probes until ready).
        await api.ReadinessAsync();
        Assert.Superset(new HashSet<string>(["/health/live", "/health/ready"], StringComparer.Ordinal), paths);
        foreach (var path in paths)
        {
            var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} on the Api answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public void WorkerProbePaths_InManifestsAndCompose_AreRoutesTheWorkerMaps()
    {
        var paths = ProbePathsOf("worker", ComposeFile.WorkerServices);

        Assert.Superset(new HashSet<string>(["/health/live", "/health/ready"], StringComparer.Ordinal), paths);
        Assert.True(RepositoryFiles.Exists(HostProjects.Worker), $"{HostProjects.Worker} does not exist (yet): the Worker's probe paths cannot be checked");
        var sources = HostProjects.SourcesWithReferences(HostProjects.Worker).Select(File.ReadAllText).ToList();
        foreach (var path in paths)
        {
            Assert.True(sources.Any(s => s.Contains('"' + path + '"', StringComparison.Ordinal)),
                $"no source of the Worker (or of a project it references) maps \"{path}\"");
        }
    }

    [Fact]
    public async Task HttpProbe_AgainstTheApiOnKestrel_PassesOnlyForAServedHealthPath()
    {
        using var api = new ApiFactory();
        api.UseKestrel(0);
        api.StartServer();
        var addresses = api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = Assert.Single(addresses);
        var port = new Uri(address).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var http = new HttpClient();
        await Eventually.TrueAsync(async () => (await http.GetAsync(new Uri(address + "/health/ready"))).IsSuccessStatusCode,
            "the Api ready (its bus check answers once the bus has started)");

        var ready = await RunProbeAsync("/health/ready", port);
        var live = await RunProbeAsync("/health/live", port);
        var unmapped = await RunProbeAsync("/health/nothing-here", port);

        Assert.True(ready.ExitCode == 0, $"http-probe /health/ready on {address}: exit {ready.ExitCode}, {ready.Error}");
        Assert.True(live.ExitCode == 0, $"http-probe /health/live on {address}: exit {live.ExitCode}, {live.Error}");
        Assert.Equal(1, unmapped.ExitCode);
        Assert.Contains("404", unmapped.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpProbe_WhenNothingListens_Fails()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await RunProbeAsync("/health/ready", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("nothing listens", result.Error, StringComparison.Ordinal);
    }

    // The probe paths of a Deployment (by component label) and of the compose services' health checks.
    private static HashSet<string> ProbePathsOf(string component, params string[] composeServices)
    {
        var paths = KubernetesManifests.Containers(KubernetesManifests.DeploymentOf(component)).SelectMany(KubernetesManifests.ProbePaths).ToHashSet(StringComparer.Ordinal);
        foreach (var service in composeServices)
        {
            var command = ComposeFile.HealthcheckCommand(service) ?? "";
            var found = HealthPath().Matches(command).Select(m => m.Value).ToList();
            Assert.True(found.Count > 0, $"the compose healthcheck of '{service}' probes no /health path: {command}");
            paths.UnionWith(found);
        }

        return paths;
    }

    private static async Task<(int ExitCode, string Error)> RunProbeAsync(string path, string port)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(RepositoryFiles.PathOf("deploy/docker/http-probe.sh"));
        start.ArgumentList.Add(path);
        start.ArgumentList.Add(port);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await error);
    }

    [GeneratedRegex("/health/[A-Za-z0-9_-]+")]
    private static partial Regex HealthPath();
}
