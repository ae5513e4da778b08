namespace TrialStartup.Api.Tests.Infrastructure;

using TrialStartup.Api.Tests.TestServers;

/// <summary>The API host on a fresh PostgreSQL database of the test server; use only in [PostgresFact] tests.</summary>
public sealed class PostgresApiFactory : ApiFactory
{
    public PostgresApiFactory()
        : base("postgres", PostgresServer.IsAvailable ? PostgresServer.CreateDatabase("api") : "Host=unavailable")
    {
    }
}
