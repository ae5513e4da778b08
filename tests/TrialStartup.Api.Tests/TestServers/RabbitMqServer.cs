namespace TrialStartup.Api.Tests.TestServers;

using System.Diagnostics;

/// <summary>
/// The RabbitMQ server the tests may use: the one named by <c>TRIALSTARTUP_TEST_RABBITMQ</c>
/// (<c>host=…;port=…;username=…;password=…;node=…</c>; <c>tests/run-all.sh</c> starts a local node and sets it).
/// Probed once per run by opening the AMQP port. Each test works in a virtual host of its own, so tests never take
/// each other's messages; the node is administered with <c>rabbitmqctl</c>, which also stops and starts the broker.
/// </summary>
internal static class RabbitMqServer
{
    public const string EnvironmentVariable = "TRIALSTARTUP_TEST_RABBITMQ";

    /// <summary>
    /// The xUnit collection of every test class on this node: one of them stops the broker mid-run, which would break
    /// another running beside it (virtual hosts separate messages, not the node).
    /// </summary>
    public const string BrokerCollection = "rabbitmq-broker";

    private static readonly Lazy<(Settings? Settings, string? UnavailableReason)> Probe = new(ProbeServer, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Settings? Server => Probe.Value.Settings;

    /// <summary>Why the server is not available, for a skipped test's message; null when it is.</summary>
    public static string? UnavailableReason => Probe.Value.UnavailableReason;

    /// <summary>Creates a fresh virtual host the configured user may use fully; returns its name.</summary>
    public static string CreateVirtualHost(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 60)];
        Ctl("add_vhost", name);
        Ctl("set_permissions", "-p", name, Require().Username, ".*", ".*", ".*");
        return name;
    }

    public static void DeleteVirtualHost(string name) => Ctl("delete_vhost", name);

    /// <summary>Stops the broker application: every connection drops, durable queues and persistent messages stay.</summary>
    public static void StopBroker() => Ctl("stop_app");

    /// <summary>Starts the broker application again and waits until it serves.</summary>
    public static void StartBroker()
    {
        Ctl("start_app");
        Ctl("await_startup", "--timeout", "60");
    }

    /// <summary>How many consumers each queue of <paramref name="virtualHost"/> has, by queue name.</summary>
    public static IReadOnlyDictionary<string, int> ConsumersPerQueue(string virtualHost)
    {
        var output = Ctl("list_queues", "-p", virtualHost, "--no-table-headers", "--quiet", "name", "consumers");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t', StringSplitOptions.TrimEntries))
            .Where(parts => parts.Length == 2 && int.TryParse(parts[1], out _))
            .ToDictionary(parts => parts[0], parts => int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>How many messages wait in <paramref name="queue"/> of <paramref name="virtualHost"/>.</summary>
    public static int MessagesIn(string virtualHost, string queue)
    {
        var output = Ctl("list_queues", "-p", virtualHost, "--no-table-headers", "--quiet", "name", "messages");
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split('\t', StringSplitOptions.TrimEntries)).FirstOrDefault(p => p.Length == 2 && p[0] == queue);
        return line is null ? 0 : int.Parse(line[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Settings Require() => Server ?? throw new InvalidOperationException($"RabbitMQ is not available: {UnavailableReason}");

    private static string Ctl(params string[] arguments)
    {
        var start = new ProcessStartInfo("rabbitmqctl") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-n");
        start.ArgumentList.Add(Require().Node);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"rabbitmqctl {string.Join(' ', arguments)} did not finish within 120 s");
        }

        return process.ExitCode == 0
            ? output.Result
            : throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} exited {process.ExitCode}: {error.Result}{output.Result}");
    }

    private static (Settings?, string?) ProbeServer()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(configured))
        {
            return (null, $"{EnvironmentVariable} is not set: run tests/run-all.sh, which starts RabbitMQ");
        }

        var parts = ServerProbe.Pairs(configured);
        var settings = new Settings(parts.GetValueOrDefault("host", "127.0.0.1"),
            int.TryParse(parts.GetValueOrDefault("port"), out var port) ? port : 5672, parts.GetValueOrDefault("username", "guest"),
            parts.GetValueOrDefault("password", "guest"), parts.GetValueOrDefault("node", "rabbit@localhost"));
        if (ServerProbe.Unreachable("RabbitMQ", settings.Host, settings.Port, EnvironmentVariable, "tests/start-test-services.sh") is { } unreachable)
        {
            return (null, unreachable);
        }

        return (settings, null);
    }

    /// <summary>Where the broker is and how to administer it.</summary>
    public sealed record Settings(string Host, int Port, string Username, string Password, string Node);
}
