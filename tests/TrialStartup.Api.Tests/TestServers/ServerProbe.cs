namespace TrialStartup.Api.Tests.TestServers;

using System.Net.Sockets;

/// <summary>What the probes of the test servers configured as <c>key=value;…</c> (RabbitMQ, S3) share.</summary>
internal static class ServerProbe
{
    /// <summary>The <c>key=value;…</c> pairs of a server's environment variable, by lower-case key.</summary>
    public static Dictionary<string, string> Pairs(string configured) =>
        configured.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());

    /// <summary>Why nothing answers at <paramref name="host"/>:<paramref name="port"/>, as a skipped test's reason; null when something does.</summary>
    public static string? Unreachable(string server, string host, int port, string variable, string start)
    {
        try
        {
            using var client = new TcpClient();
            if (!client.ConnectAsync(host, port).Wait(TimeSpan.FromSeconds(5)))
            {
                return $"{server} at {host}:{port} (from {variable}) did not answer within 5 s; start it with {start}";
            }
        }
#pragma warning disable CA1031 // Whatever goes wrong here must become a skip reason, not a failed discovery.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return $"{server} at {host}:{port} (from {variable}) refused the connection: {e.GetBaseException().Message}";
        }

        return null;
    }
}
