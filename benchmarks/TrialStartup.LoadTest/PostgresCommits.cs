namespace TrialStartup.LoadTest;

using Npgsql;

/// <summary>
/// The host database's committed transactions (<c>pg_stat_database.xact_commit</c>), read before and after the run to
/// compare the API's throughput with what the database did for it. Backends publish their counts when they go
/// idle (at most about once a second), so a short run's figure can lag by a second's worth.
/// </summary>
internal static class PostgresCommits
{
    /// <summary>The current count for the connection string's database.</summary>
    public static async Task<long> ReadAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        // A fresh snapshot: within one transaction the statistics views are otherwise cached.
        await using var command = new NpgsqlCommand(
            "select pg_stat_clear_snapshot(); select xact_commit from pg_stat_database where datname = current_database()", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? reader.GetInt64(0) : 0;
    }
}
