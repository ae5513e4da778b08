using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace TrialStartup.Api.Tests.TestServers;

/// <summary>
/// The PostgreSQL server the tests may use: the one named by the environment variable
/// <c>TRIALSTARTUP_TEST_POSTGRES</c> (an Npgsql connection string; <c>tests/run-all.sh</c> starts a
/// throwaway server and sets it). The server is tried once per test run, by opening a connection with a
/// 5 s timeout; a test that needs it uses <see cref="PostgresFactAttribute"/> or
/// <see cref="PostgresTheoryAttribute"/>, which skip it with <see cref="UnavailableReason"/> when it is not there.
/// Each test works in a database of its own, made by <see cref="CreateDatabase"/>.
/// </summary>
internal static partial class PostgresServer
{
    public const string EnvironmentVariable = "TRIALSTARTUP_TEST_POSTGRES";

    private const int ProbeTimeoutSeconds = 5;

    // Runs at most once per process (the attributes ask while xunit discovers the tests), and never throws.
    private static readonly Lazy<(string? ConnectionString, string? UnavailableReason)> Probe =
        new(ProbeServer, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The connection string of the server (to its maintenance database), or null when it is not available.</summary>
    public static string? ConnectionString => Probe.Value.ConnectionString;

    /// <summary>Why the server is not available, meant for a skipped test's message; null when it is.</summary>
    public static string? UnavailableReason => Probe.Value.UnavailableReason;

    public static bool IsAvailable => ConnectionString is not null;

    /// <summary>
    /// Creates a new, empty database named <paramref name="prefix"/> plus a unique suffix and returns the
    /// connection string to it. Drop it with <see cref="DropDatabase"/> when done, or leave it: the test
    /// server is a throwaway.
    /// </summary>
    public static string CreateDatabase(string prefix)
    {
        var server = RequireServer();
        var name = UniqueDatabaseName(prefix);
        using (var connection = new NpgsqlConnection(server))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(name)}", connection);
            command.ExecuteNonQuery();
        }
        // A test host's pool outlives the host: Npgsql keeps idle connections (per connection string, so per database)
        // for five minutes by default, and the suite starts hundreds of PostgreSQL hosts, whose idle pools once filled
        // the server's 200 connections ("53300: too many clients"). Idle ones are closed after 15 s here instead.
        return new NpgsqlConnectionStringBuilder(server) { Database = name, ConnectionIdleLifetime = 15, ConnectionPruningInterval = 5 }.ConnectionString;
    }

    /// <summary>Creates a database as <see cref="CreateDatabase"/> does, which is dropped when the result is disposed.</summary>
    public static TemporaryPostgresDatabase CreateTemporaryDatabase(string prefix) => new(CreateDatabase(prefix));

    /// <summary>
    /// Drops the database <paramref name="nameOrConnectionString"/> (a name, or a connection string as
    /// <see cref="CreateDatabase"/> returns) if it exists, closing any connection still open to it.
    /// </summary>
    public static void DropDatabase(string nameOrConnectionString)
    {
        var server = RequireServer();
        var name = nameOrConnectionString.Contains('=', StringComparison.Ordinal)
            ? new NpgsqlConnectionStringBuilder(nameOrConnectionString).Database
            : nameOrConnectionString;
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException($"'{nameOrConnectionString}' names no database.", nameof(nameOrConnectionString));
        }

        // Pooled connections of this process would otherwise keep the database open.
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(server);
        connection.Open();
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {QuoteIdentifier(name)} WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }

    private static string RequireServer() =>
        ConnectionString ?? throw new InvalidOperationException(
            $"PostgreSQL is not available to the tests: {UnavailableReason} (a test that needs it should use [PostgresFact] or [PostgresTheory], which skip it then).");

    private static (string?, string?) ProbeServer()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(configured))
        {
            return (null, $"{EnvironmentVariable} is not set: run tests/run-all.sh, which starts PostgreSQL");
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(configured);
        }
        catch (ArgumentException e)
        {
            return (null, $"{EnvironmentVariable} is not a valid connection string ('{configured}'): {e.Message}");
        }

        var where = $"{builder.Host ?? "localhost"}:{builder.Port}";
        var probe = new NpgsqlConnectionStringBuilder(builder.ConnectionString)
        {
            Timeout = ProbeTimeoutSeconds,
            CommandTimeout = ProbeTimeoutSeconds,
            Pooling = false,
        };
        try
        {
            using var connection = new NpgsqlConnection(probe.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand("SELECT 1", connection);
            command.ExecuteScalar();
        }
#pragma warning disable CA1031 // Whatever goes wrong here must become a skip reason, not a failed discovery.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return (null, $"PostgreSQL at {where} (from {EnvironmentVariable}) refused the connection: {Describe(e)}; start it with tests/start-test-services.sh");
        }
        return (builder.ConnectionString, null);
    }

    private static string Describe(Exception e)
    {
        var text = new StringBuilder(e.Message.TrimEnd('.'));
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            text.Append(" (").Append(inner.Message.TrimEnd('.')).Append(')');
        }
        return text.ToString();
    }

    private static string UniqueDatabaseName(string prefix)
    {
        // PostgreSQL folds unquoted names to lower case and keeps at most 63 bytes of a name.
        var cleaned = NotNameCharacters().Replace(prefix.ToLowerInvariant(), "_").Trim('_');
        if (cleaned.Length == 0)
        {
            cleaned = "test";
        }
        if (cleaned.Length > 30)
        {
            cleaned = cleaned[..30];
        }
        return $"{cleaned}_{Guid.NewGuid():N}";
    }

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    [GeneratedRegex("[^a-z0-9_]+")]
    private static partial Regex NotNameCharacters();
}

/// <summary>A database made for one test (or one test class), dropped on dispose.</summary>
internal sealed class TemporaryPostgresDatabase : IDisposable
{
    internal TemporaryPostgresDatabase(string connectionString)
    {
        ConnectionString = connectionString;
        Name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
    }

    public string ConnectionString { get; }

    public string Name { get; }

    public void Dispose() => PostgresServer.DropDatabase(Name);
}
