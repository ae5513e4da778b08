namespace TrialStartup.Api.Tests.WritePath;

using Npgsql;
using TrialStartup.Data.Providers;

/// <summary>What the hosts add to a PostgreSQL connection string, and what an operator's own setting keeps.</summary>
public sealed class PostgresConnectionTests
{
    [Fact]
    public void RecurringStatementsArePrepared_AndConnectionsAreNotResetOnReturn()
    {
        var built = new NpgsqlConnectionStringBuilder(DataServiceCollectionExtensions.PostgresConnection("Host=db;Username=trialstartup;Database=ts"));

        Assert.Equal((100, true), (built.MaxAutoPrepare, built.NoResetOnClose));
        Assert.Equal(("db", "ts"), (built.Host, built.Database));
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0")]
    [InlineData("Host=db;MaxAutoPrepare=0")]
    [InlineData("Host=db;max auto prepare=0")]
    public void AnOperatorsMaxAutoPrepare_IsKept(string connectionString)
    {
        // Behind a pooler in transaction mode prepared statements do not survive: the operator turns them off.
        var built = new NpgsqlConnectionStringBuilder(DataServiceCollectionExtensions.PostgresConnection(connectionString));

        Assert.Equal(0, built.MaxAutoPrepare);
    }
}
