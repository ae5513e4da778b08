namespace TrialStartup.MessagingBench;

using System.Diagnostics;

/// <summary>
/// A fresh RabbitMQ virtual host for one run, made and deleted with <c>rabbitmqctl</c> (the management plugin is not
/// needed), so the run starts on empty queues and leaves nothing behind.
/// </summary>
internal sealed class RabbitVirtualHost : IAsyncDisposable
{
    private readonly string _node;

    private RabbitVirtualHost(string node, string name)
    {
        _node = node;
        Name = name;
    }

    public string Name { get; }

    public static async Task<RabbitVirtualHost> CreateAsync(string node, string prefix, string user)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
        await CtlAsync(node, "add_vhost", name);
        await CtlAsync(node, "set_permissions", "-p", name, user, ".*", ".*", ".*");
        return new RabbitVirtualHost(node, name);
    }

    /// <summary>Queues of the vhost with their ready messages and consumers (name, messages, consumers).</summary>
    public async Task<IReadOnlyList<(string Name, long Messages, int Consumers)>> QueuesAsync()
    {
        var output = await CtlAsync(_node, "list_queues", "-q", "--no-table-headers", "-p", Name, "name", "messages", "consumers");
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t'))
            .Where(f => f.Length == 3)
            .Select(f => (f[0], long.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture)))];
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await CtlAsync(_node, "delete_vhost", Name);
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"could not delete vhost {Name}: {e.Message}");
        }
    }

    private static async Task<string> CtlAsync(string node, params string[] arguments)
    {
        var start = new ProcessStartInfo("rabbitmqctl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-n");
        start.ArgumentList.Add(node);
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("rabbitmqctl did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} exited {process.ExitCode}: {await error}");
        }

        return await output;
    }
}
