namespace TrialStartup.Data.Providers;

using Microsoft.Data.SqlClient;
using Npgsql;

/// <summary>
/// A lock that every host of an installation takes on its database while it prepares it (migrations, the timer
/// schema, seeds, the token keys), so that replicas starting together prepare it one after the other: the first applies
/// what is pending, the next finds nothing left to do. EF Core's own migration lock does not cover this: two Api
/// replicas started together on a fresh PostgreSQL database applied the same migration twice ("column already exists"),
/// and Hangfire's installer, run by every host at once, failed as well.
/// </summary>
/// <remarks>
/// It is a session lock on a connection of its own (PostgreSQL's advisory lock, SQL Server's application lock): a host
/// that dies while it holds it loses its connection, and the lock with it. The embedded default (SQLite) runs one host
/// on one machine, and takes none.
/// </remarks>
public static class DatabasePreparationLock
{
    // Any number, the same in every build: "TrialSt" in ASCII.
    private const long PostgresKey = 0x54_72_69_61_6C_53_74;
    private const string SqlServerResource = "TrialStartup.DatabasePreparation";

    /// <summary>Waits for the lock (as long as another host prepares the database) and holds it until disposed.</summary>
    public static async Task<IAsyncDisposable> AcquireAsync(DatabaseProvider provider, string connectionString, CancellationToken cancellationToken = default)
    {
        switch (provider)
        {
            case DatabaseProvider.Postgres:
            {
                // Unpooled: the lock belongs to the session, which must end when the lock is released.
                var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({PostgresKey})", connection) { CommandTimeout = 0 })
                {
                    await take.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                return new Held(connection, $"SELECT pg_advisory_unlock({PostgresKey})");
            }

            case DatabaseProvider.SqlServer:
            {
                var connection = new SqlConnection(new SqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using (var take = new SqlCommand(
                    $"DECLARE @r int; EXEC @r = sp_getapplock @Resource = N'{SqlServerResource}', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = -1; SELECT @r",
                    connection) { CommandTimeout = 0 })
                {
                    // 0 granted, 1 granted after waiting; negative is a timeout, a deadlock victim or an error.
                    if (Convert.ToInt32(await take.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) is var result and < 0)
                    {
                        await connection.DisposeAsync().ConfigureAwait(false);
                        throw new InvalidOperationException($"SQL Server refused the database preparation lock (sp_getapplock returned {result}).");
                    }
                }

                return new Held(connection, $"EXEC sp_releaseapplock @Resource = N'{SqlServerResource}', @LockOwner = 'Session'");
            }

            default:
                return new Held(null, null);
        }
    }

    private sealed class Held(System.Data.Common.DbConnection? connection, string? release) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (connection is null)
            {
                return;
            }

            try
            {
                await using var command = connection.CreateCommand();
                command.CommandText = release;
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            finally
            {
                // Closing the session releases the lock too, should the statement above have failed.
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
