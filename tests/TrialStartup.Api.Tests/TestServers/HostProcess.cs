namespace TrialStartup.Api.Tests.TestServers;

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using TrialStartup.Api.Tests.Deployment;

/// <summary>
/// One of the product's hosts (Api, Worker, sample institution service) as a real separate process, started from its build
/// output with settings in environment variables as a deployment would give them. Its output is kept for failures.
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private HostProcess(Process process, string name, int? port)
    {
        _process = process;
        Name = name;
        Port = port;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    /// <summary>The HTTP port of a host that serves its probes; null for one without HTTP.</summary>
    public int? Port { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The host's last lines of output, for a failure message.</summary>
    public string Tail(int lines = 40) => string.Join('\n', _output.TakeLast(lines));

    /// <summary>The build output of <paramref name="project"/> (same configuration as the tests), or null if it is not built.</summary>
    public static string? BuildOutput(string project)
    {
        // The tests run from tests/TrialStartup.Api.Tests/bin/{Configuration}/{framework}/.
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent!.Name;
        var dll = Path.Combine(RepositoryFiles.Root, "src", project, "bin", configuration, framework.Name, project + ".dll");
        return File.Exists(dll) ? dll : null;
    }

    public static HostProcess Start(string project, string name, IReadOnlyDictionary<string, string> environment, bool serveHttp)
    {
        var dll = BuildOutput(project) ?? throw new InvalidOperationException($"{project} is not built (dotnet build the solution first)");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        int? port = serveHttp ? FreePort() : null;
        if (port is not null)
        {
            start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return new HostProcess(Process.Start(start)!, name, port);
    }

    /// <summary>Waits until the host reports ready on <c>/health/ready</c>.</summary>
    public async Task WaitReadyAsync(TimeSpan limit)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTimeOffset.UtcNow + limit;
        while (true)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"{Name} exited with {_process.ExitCode} before it was ready:\n{Tail()}");
            }

            try
            {
                if ((await http.GetAsync(new Uri($"http://127.0.0.1:{Port}/health/ready"))).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // slow to answer while starting
            }

            if (DateTimeOffset.UtcNow > until)
            {
                Assert.Fail($"{Name} was not ready within {limit.TotalSeconds:0} s:\n{Tail()}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Ends the process at once, as a crash or a lost node does: no graceful stop, nothing flushed.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 400 && _output.TryDequeue(out _))
        {
        }
    }
}
