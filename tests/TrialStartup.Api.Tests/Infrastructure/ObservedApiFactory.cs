namespace TrialStartup.Api.Tests.Infrastructure;

using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TrialStartup.Api.Tests.TestServers;

/// <summary>
/// An API host like <see cref="ClockedApiFactory"/> (a clock the test moves, optional settings) that the test also watches:
/// every log entry of the host is kept in <see cref="Log"/>, and the test may add services of its own (an EF Core
/// interceptor, say) on top of the host's. What a host says at start-up, or how its background services behave, is
/// seen nowhere else.
/// </summary>
public sealed class ObservedApiFactory : ApiFactory
{
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly Action<IServiceCollection>? _services;

    public ObservedApiFactory(string database, DateTimeOffset start, string? connectionString = null,
        IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null)
        : base(database, connectionString ?? (database == "postgres" ? PostgresServer.CreateDatabase("observed") : null))
    {
        Clock = new ManualClock(start);
        _settings = settings ?? new Dictionary<string, string>();
        _services = services;
    }

    public ManualClock Clock { get; }

    /// <summary>Everything the host logged, from its start.</summary>
    public CapturedLog Log { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Log));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            _services?.Invoke(services);
        });
    }
}

/// <summary>A logger provider that keeps every entry (category, level, message) of one host, for the test to read.</summary>
public sealed class CapturedLog : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    /// <summary>The entries so far, in the order they were logged.</summary>
    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    /// <summary>The entries of one category (a logger's type name) so far.</summary>
    public IReadOnlyList<LogEntry> Of(string category) => [.. _entries.Where(e => e.Category == category)];

    /// <summary>The last entries, for a failure message.</summary>
    public string Tail(int count = 30) => string.Join('\n', _entries.TakeLast(count).Select(e => $"{e.Level} {e.Category}: {e.Message}"));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
        // Nothing to release: the entries stay readable after the host has stopped.
    }

    private sealed class Logger(CapturedLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            log._entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception), exception));
        }
    }
}

/// <summary>One entry of a <see cref="CapturedLog"/>.</summary>
public sealed record LogEntry(string Category, LogLevel Level, string Message, Exception? Exception);
