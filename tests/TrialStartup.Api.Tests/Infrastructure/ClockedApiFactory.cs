namespace TrialStartup.Api.Tests.Infrastructure;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Tests.TestServers;

/// <summary>An API host whose clock the test moves, on SQLite or a fresh PostgreSQL database.</summary>
public sealed class ClockedApiFactory : ApiFactory
{
    public ClockedApiFactory(string database, DateTimeOffset start, string? connectionString = null)
        : base(database, connectionString ?? (database == "postgres" ? PostgresServer.CreateDatabase("clocked") : null))
    {
        Clock = new ManualClock(start);
    }

    public ManualClock Clock { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}
