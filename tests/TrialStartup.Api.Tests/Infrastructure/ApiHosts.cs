namespace TrialStartup.Api.Tests.Infrastructure;

using TrialStartup.Api.Tests.TestServers;

/// <summary>
/// One API host per database for the whole run: SQLite always, PostgreSQL when the test server runs (tests/run-all.sh
/// starts it). Tests stay independent by creating their own trials; the demo organisations are shared.
/// </summary>
public sealed class ApiHosts() : HostsPerDatabase<ApiFactory>(database => database == "postgres" ? new PostgresApiFactory() : new ApiFactory())
{
    public static TheoryData<string> Databases
    {
        get
        {
            var data = new TheoryData<string> { "sqlite" };
            if (PostgresServer.IsAvailable)
            {
                data.Add("postgres");
            }

            return data;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiHosts>
{
    public const string Name = "api";
}
