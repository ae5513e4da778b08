namespace TrialStartup.Api.Tests.Infrastructure;

using TrialStartup.Api.Tests.TestServers;

/// <summary>
/// One API host per database for the whole run: SQLite always, PostgreSQL when the test server runs (tests/run-all.sh
/// starts it). Tests stay independent by creating their own trials; the demo organisations are shared.
/// </summary>
public sealed class ApiHosts : IDisposable
{
    private readonly Lazy<ApiFactory> _sqlite = new(() => new ApiFactory());
    private readonly Lazy<ApiFactory> _postgres = new(() => new PostgresApiFactory());

    /// <summary>The databases every API test runs on. PostgreSQL's absence is reported by a skipped test saying why.</summary>
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

    public ApiFactory For(string database) => database switch
    {
        "sqlite" => _sqlite.Value,
        "postgres" => _postgres.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(database), database, "sqlite or postgres"),
    };

    public void Dispose()
    {
        if (_sqlite.IsValueCreated)
        {
            _sqlite.Value.Dispose();
        }

        if (_postgres.IsValueCreated)
        {
            _postgres.Value.Dispose();
        }
    }
}

/// <summary>Every API test class joins this collection and so shares the hosts.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiHosts>
{
    public const string Name = "api";
}
