namespace TrialStartup.Api.Tests.TestServers;

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

/// <summary>
/// A PostgreSQL server of one test's own, made with the binaries the shared test server runs from
/// (<c>tests/start-test-services.sh</c> installs them): a test may stop and restart it without failing the tests that
/// run beside it. A fresh cluster in a temporary folder on a free port, without fsync; removed when disposed.
/// </summary>
internal sealed class PrivatePostgres : IAsyncDisposable
{
    private const string Binaries = "/usr/lib/postgresql/15/bin";
    private readonly string _folder;
    private readonly int _port;

    private PrivatePostgres(string folder, int port) => (_folder, _port) = (folder, port);

    /// <summary>Npgsql's connection string to the server's <c>postgres</c> database.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres";

    /// <summary>Makes and starts the cluster.</summary>
    public static async Task<PrivatePostgres> StartAsync()
    {
        if (!File.Exists(Path.Combine(Binaries, "initdb")))
        {
            throw new InvalidOperationException($"PostgreSQL's programs are not in {Binaries}: run tests/start-test-services.sh, which installs them");
        }

        var folder = Directory.CreateTempSubdirectory("trialstartup-private-pg-").FullName;
        OwnedByServer(folder);
        var server = new PrivatePostgres(folder, FreePort());
        await server.RunAsync("initdb", "-D", server.DataFolder, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8");
        await server.StartAgainAsync();
        return server;
    }

    private string DataFolder => Path.Combine(_folder, "data");

    /// <summary>Stops the server at once, as a crash or an operator's fast restart would: connections are cut.</summary>
    public Task StopAsync() => RunAsync("pg_ctl", "-D", DataFolder, "-m", "fast", "-w", "stop");

    /// <summary>Starts the stopped server and waits until it takes connections.</summary>
    public Task StartAgainAsync() => RunAsync("pg_ctl", "-D", DataFolder, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60",
        "-o", $"-p {_port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", "start");

    /// <summary>Restarts the server: connections are cut and refused until it is back.</summary>
    public Task RestartAsync() => RunAsync("pg_ctl", "-D", DataFolder, "-m", "fast", "-w", "-t", "60",
        "-o", $"-p {_port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", "restart");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync("pg_ctl", "-D", DataFolder, "-m", "immediate", "stop");
        }
        catch (InvalidOperationException)
        {
            // already stopped
        }

        Directory.Delete(_folder, recursive: true);
    }

    // initdb refuses to run as root: the machines' tests run as root, so the server's programs run as postgres then.
    private async Task RunAsync(string program, params string[] arguments)
    {
        var asRoot = Environment.UserName == "root";
        var start = new ProcessStartInfo(asRoot ? "runuser" : Path.Combine(Binaries, program))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (asRoot)
        {
            foreach (var part in new[] { "-u", "postgres", "--", Path.Combine(Binaries, program) })
            {
                start.ArgumentList.Add(part);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed ({process.ExitCode}): {await errors}{await output}");
        }
    }

    private static void OwnedByServer(string folder)
    {
        if (Environment.UserName == "root")
        {
            using var chown = Process.Start("chown", ["postgres", folder]);
            chown.WaitForExit();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
