namespace TrialStartup.Api.Tests.Infrastructure;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Tests.TestServers;

/// <summary>An API host whose clock the test moves, on SQLite or a fresh PostgreSQL database, with optional settings.</summary>
public sealed class ClockedApiFactory : ApiFactory
{
    private readonly IReadOnlyDictionary<string, string> _settings;

    public ClockedApiFactory(string database, DateTimeOffset start, string? connectionString = null, IReadOnlyDictionary<string, string>? settings = null)
        : base(database, connectionString ?? (database == "postgres" ? PostgresServer.CreateDatabase("clocked") : null))
    {
        Clock = new ManualClock(start);
        _settings = settings ?? new Dictionary<string, string>();
    }

    public ManualClock Clock { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}
