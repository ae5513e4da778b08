namespace TrialStartup.Messaging.Timers;

using Hangfire.AspNetCore;
using Hangfire.Logging;
using Microsoft.Extensions.Logging;

/// <summary>
/// Hangfire's log provider is process-wide (LibLog), set by whichever host configured Hangfire last. Where several hosts
/// share a process (the tests) one may be disposed while another still creates Hangfire clients, and asking the
/// disposed host's logger factory for a logger throws. This provider answers with a silent log then, instead of failing
/// the request that created the client.
/// </summary>
/// <param name="loggers">This host's logger factory.</param>
internal sealed class HostLogProvider(ILoggerFactory loggers) : ILogProvider
{
    private readonly AspNetCoreLogProvider _inner = new(loggers);

    public ILog GetLogger(string name)
    {
        try
        {
            return _inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return SilentLog.Instance;
        }
    }

    private sealed class SilentLog : ILog
    {
        public static readonly SilentLog Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string> messageFunc, Exception? exception = null) => false;
    }
}
