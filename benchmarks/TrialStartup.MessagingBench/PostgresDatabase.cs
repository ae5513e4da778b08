namespace TrialStartup.MessagingBench;

using Npgsql;

/// <summary>A fresh PostgreSQL database for one run, dropped afterwards (with its connections, PostgreSQL 13+).</summary>
internal sealed class PostgresDatabase : IAsyncDisposable
{
    private readonly string _admin;

    private PostgresDatabase(string admin, string name)
    {
        _admin = admin;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<PostgresDatabase> CreateAsync(string adminConnectionString, string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 9)];
        await ExecuteAsync(adminConnectionString, $"CREATE DATABASE \"{name}\"");
        return new PostgresDatabase(adminConnectionString, name);
    }

    /// <summary>Committed transactions of the database so far (counters lag by up to about a second).</summary>
    public async Task<long> CommitsAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select pg_stat_clear_snapshot(); select xact_commit from pg_stat_database where datname = current_database()", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.NextResultAsync();
        return await reader.ReadAsync() ? reader.GetInt64(0) : 0;
    }

    /// <summary>
    /// Rows inserted and updated and scans per table so far (pg_stat_user_tables; backends publish them within about
    /// a second). The Leases table's updates count the outbox dispatcher's batches: each takes or renews the lease.
    /// </summary>
    public async Task<Dictionary<string, TableCounters>> TableCountersAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select pg_stat_clear_snapshot(); select relname, n_tup_ins, n_tup_upd, coalesce(seq_scan, 0), coalesce(idx_scan, 0) from pg_stat_user_tables",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.NextResultAsync();
        var result = new Dictionary<string, TableCounters>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            result[reader.GetString(0)] = new TableCounters(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await ExecuteAsync(_admin, $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
        }
        catch (NpgsqlException e)
        {
            Console.Error.WriteLine($"could not drop database {Name}: {e.Message}");
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // Dropping a database a busy machine has just used can take longer than the default 30 s.
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 300 };
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>One table's counters from pg_stat_user_tables.</summary>
internal sealed record TableCounters(long Inserted, long Updated, long SeqScans, long IndexScans)
{
    public TableCounters Minus(TableCounters? before) => before is null
        ? this
        : new(Inserted - before.Inserted, Updated - before.Updated, SeqScans - before.SeqScans, IndexScans - before.IndexScans);
}
