namespace TrialStartup.Api.Tests.Infrastructure;

using TrialStartup.Api.Tests.TestServers;

/// <summary>
/// One API host per database for the whole run: SQLite always, PostgreSQL when the test server runs (tests/run-all.sh
/// starts it). A test runs on each with <c>[InlineData("sqlite")]</c> and <see cref="PostgresDataAttribute"/>, whose
/// row is reported skipped, with the reason, when the server is not there. Tests stay independent by creating their
/// own trials; the demo organisations are shared.
/// </summary>
public sealed class ApiHosts() : HostsPerDatabase<ApiFactory>(database => database == "postgres" ? new PostgresApiFactory() : new ApiFactory());

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiHosts>
{
    public const string Name = "api";
}
