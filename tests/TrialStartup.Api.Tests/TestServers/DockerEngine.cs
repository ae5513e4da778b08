namespace TrialStartup.Api.Tests.TestServers;

using System.Net.Sockets;

/// <summary>
/// Whether a Docker engine answers here, for the tests that need a container (SQL Server cannot run on these
/// machines otherwise). Checked once per run by connecting to the engine's socket; never throws.
/// </summary>
internal static class DockerEngine
{
    private static readonly Lazy<string?> Reason = new(Probe);

    /// <summary>Why containers cannot start here, or <c>null</c> when a Docker engine answers.</summary>
    public static string? UnavailableReason => Reason.Value;

    private static string? Probe()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        try
        {
            if (host is { Length: > 0 } && Uri.TryCreate(host, UriKind.Absolute, out var uri) && uri.Scheme == "tcp")
            {
                using var tcp = new TcpClient();
                tcp.Connect(uri.Host, uri.Port);
                return null;
            }

            const string socketPath = "/var/run/docker.sock";
            var path = host is { Length: > 0 } && host.StartsWith("unix://", StringComparison.Ordinal) ? host["unix://".Length..] : socketPath;
            if (!File.Exists(path))
            {
                return $"no Docker engine: {path} does not exist, so the SQL Server container cannot start (the schema tests still check SQL Server's scripts)";
            }

            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(path));
            return null;
        }
        catch (SocketException e)
        {
            return $"no Docker engine answers ({e.Message}), so the SQL Server container cannot start";
        }
    }
}
