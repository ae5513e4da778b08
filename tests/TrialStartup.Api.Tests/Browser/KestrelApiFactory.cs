namespace TrialStartup.Api.Tests.Browser;

using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.TestServers;

/// <summary>
/// The API host of <see cref="ApiFactory"/> (same settings, demo data and shifted clock) listening on a real Kestrel
/// socket, on a free port of 127.0.0.1, because a browser cannot reach the in-memory test server. Made, and started, by
/// <see cref="Start"/>; <see cref="BaseAddress"/> is where it listens. <c>CreateClient()</c> and
/// <see cref="ApiFactory.ClientFor"/> work too, over the socket, to prepare data through the API.
/// </summary>
public sealed class KestrelApiFactory : ApiFactory
{
    private readonly IReadOnlyDictionary<string, string> _settings;
    private Uri? _baseAddress;

    private KestrelApiFactory(string provider, string? connectionString, IReadOnlyDictionary<string, string>? settings)
        : base(provider, connectionString)
    {
        _settings = settings ?? new Dictionary<string, string>();
        // Port 0: the system picks a free one, so parallel runs and other hosts never collide.
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);

        // Browser sessions are checked against their accounts on every request here, so a test sees a deactivation at
        // the person's next page instead of within the minute a running installation allows.
        builder.UseSetting("TrialStartup:Identity:SessionCheckInterval", "00:00:00");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        // What the host warned of, kept for a failure message: a click that led nowhere is explained by the server's side.
        // And the requests it refused as unreadable, which it logs at Information.
        builder.ConfigureLogging(logging => logging.AddProvider(Log).AddFilter<CapturedLog>((category, level) =>
            level >= LogLevel.Warning || category == TrialStartup.Api.Hosting.TrialStartupHost.ClientErrorsCategory));
    }

    /// <summary>The host's warnings and errors since it started (one host serves a whole test collection), and its client errors.</summary>
    public CapturedLog Log { get; } = new();

    /// <summary>Where the host listens, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri BaseAddress => _baseAddress ?? throw new InvalidOperationException("the host has not started: make it with KestrelApiFactory.Start");

    /// <summary>How long the host took to start: migrations, demo data, Kestrel.</summary>
    public TimeSpan StartDuration { get; private set; }

    /// <summary>
    /// Starts a host on <paramref name="database"/>: <c>sqlite</c> (a fresh temp folder) or <c>postgres</c> (a fresh
    /// database of <see cref="PostgresServer"/>; use only where <see cref="PostgresDataAttribute"/> guards the test).
    /// </summary>
    public static KestrelApiFactory Start(string database, IReadOnlyDictionary<string, string>? settings = null)
    {
        var host = database switch
        {
            "sqlite" => new KestrelApiFactory("sqlite", null, settings),
            "postgres" => new KestrelApiFactory("postgres", PostgresServer.CreateDatabase("browser"), settings),
            _ => throw new ArgumentOutOfRangeException(nameof(database), database, "sqlite or postgres"),
        };
        try
        {
            var start = Stopwatch.StartNew();
            host.StartServer();
            host.StartDuration = start.Elapsed;
            var addresses = host.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
            host._baseAddress = new Uri(addresses.Single(a => a.StartsWith("http://", StringComparison.Ordinal)) + "/");
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }
}
