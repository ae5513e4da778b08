using Npgsql;

namespace TrialStartup.Api.Tests.TestServers;

public sealed class PostgresServerTests
{
    [Fact]
    public void Availability_Always_IsEitherAConnectionStringOrAReason()
    {
        if (PostgresServer.IsAvailable)
        {
            Assert.Null(PostgresServer.UnavailableReason);
        }
        else
        {
            Assert.Null(PostgresServer.ConnectionString);
            Assert.False(string.IsNullOrWhiteSpace(PostgresServer.UnavailableReason));
        }
    }

    [PostgresFact]
    public void CreateDatabase_WhenServerRuns_ReturnsAConnectionToANewEmptyDatabase()
    {
        var connectionString = PostgresServer.CreateDatabase("server_tests");
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        try
        {
            using (var connection = new NpgsqlConnection(connectionString))
            {
                connection.Open();
                using var current = new NpgsqlCommand("SELECT current_database()", connection);
                Assert.Equal(name, current.ExecuteScalar());
                using var tables = new NpgsqlCommand(
                    "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", connection);
                Assert.Equal(0L, tables.ExecuteScalar());
                using var create = new NpgsqlCommand("CREATE TABLE t (id int PRIMARY KEY)", connection);
                create.ExecuteNonQuery();
            }
        }
        finally
        {
            PostgresServer.DropDatabase(connectionString);
        }
        Assert.False(DatabaseExists(name));
    }

    [PostgresTheory]
    [InlineData("Workflow Runs!")]
    [InlineData("a_prefix_much_longer_than_the_thirty_characters_kept")]
    [InlineData("***")]
    public void CreateTemporaryDatabase_WithAnyPrefix_MakesAValidNameAndDropsItOnDispose(string prefix)
    {
        string name;
        using (var database = PostgresServer.CreateTemporaryDatabase(prefix))
        {
            name = database.Name;
            Assert.Matches("^[a-z0-9_]{1,63}$", name);
            Assert.True(DatabaseExists(name));
        }
        Assert.False(DatabaseExists(name));
    }

    private static bool DatabaseExists(string name)
    {
        using var connection = new NpgsqlConnection(PostgresServer.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", connection);
        command.Parameters.AddWithValue("name", name);
        return (long)command.ExecuteScalar()! == 1;
    }
}
