namespace TrialStartup.Api.Tests.WritePath;

using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Data;
using TrialStartup.Data.Organisations;
using TrialStartup.Data.Providers;

/// <summary>
/// Registrations of one organisation code take turns (<see cref="OrganisationCodeLock"/>): on PostgreSQL by an
/// advisory lock the transaction holds, on SQLite by the transaction itself, which holds the database's write lock
/// from its BEGIN. The race of registrations through the API is in AccountsOnboardingTests.
/// </summary>
public sealed class OrganisationCodeLockTests
{
    [Fact]
    public async Task OnSqlite_AnEfTransactionHoldsTheWriteLockFromItsBegin_BeforeItWritesAnything()
    {
        var folder = Directory.CreateTempSubdirectory("code-lock-").FullName;
        var file = Path.Combine(folder, "lock.db");
        try
        {
            await using (var services = Services(DatabaseProvider.Sqlite, $"Data Source={file};Pooling=False"))
            {
                await using (var scope = services.CreateAsyncScope())
                {
                    await scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>().Database.MigrateAsync();
                }

                await using var registration = services.CreateAsyncScope();
                var db = registration.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
                await using var transaction = await db.Database.BeginTransactionAsync();
                await OrganisationCodeLock.TakeAsync(db, "same-code");
                Assert.False(await db.Sponsors.AnyAsync(s => s.Code == "same-code")); // it has only read

                // Another writer, outside the process's writer queue (another process, say), cannot begin: Microsoft.Data.Sqlite
                // began the transaction with BEGIN IMMEDIATE, not a deferred BEGIN that takes the write lock at the first write.
                await using var other = new SqliteConnection($"Data Source={file};Pooling=False;Default Timeout=1");
                await other.OpenAsync();
                var busy = await Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync(other, "BEGIN IMMEDIATE;"));
                Assert.Equal(5, busy.SqliteErrorCode); // SQLITE_BUSY

                // A deferred transaction that has read as much holds nothing: what the registration would be without IMMEDIATE.
                await using (var deferred = new SqliteConnection($"Data Source={file};Pooling=False;Default Timeout=1"))
                {
                    await deferred.OpenAsync();
                    await transaction.RollbackAsync();
                    await using var reading = deferred.BeginTransaction(deferred: true);
                    await ExecuteAsync(deferred, "SELECT COUNT(*) FROM \"Sponsors\";", reading);
                    await ExecuteAsync(other, "BEGIN IMMEDIATE;");
                    await ExecuteAsync(other, "ROLLBACK;");
                }
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [PostgresFact]
    public async Task OnPostgres_ASecondWriterOfTheCode_WaitsUntilTheFirstTransactionEnds_AndAnotherCodeDoesNot()
    {
        await using var services = Services(DatabaseProvider.Postgres, PostgresServer.ConnectionString!);
        var code = $"lock-{Guid.NewGuid():N}"[..20];
        await using var first = services.CreateAsyncScope();
        await using var second = services.CreateAsyncScope();
        await using var third = services.CreateAsyncScope();
        var firstDb = first.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
        var secondDb = second.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
        var thirdDb = third.ServiceProvider.GetRequiredService<TrialStartupDbContext>();

        await using var firstTransaction = await firstDb.Database.BeginTransactionAsync();
        await OrganisationCodeLock.TakeAsync(firstDb, code);
        await using var secondTransaction = await secondDb.Database.BeginTransactionAsync();
        var secondTakes = OrganisationCodeLock.TakeAsync(secondDb, code);
        await using (var thirdTransaction = await thirdDb.Database.BeginTransactionAsync())
        {
            await OrganisationCodeLock.TakeAsync(thirdDb, code + "-other").WaitAsync(TimeSpan.FromSeconds(10));
        }

        await Task.Delay(300);
        Assert.False(secondTakes.IsCompleted, "the second writer of the code got its turn while the first's transaction was open");

        await firstTransaction.CommitAsync();
        await secondTakes.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task TakeAsync_OutsideATransaction_Throws()
    {
        var folder = Directory.CreateTempSubdirectory("code-lock-").FullName;
        try
        {
            await using var services = Services(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "lock.db")};Pooling=False");
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
            await Assert.ThrowsAsync<InvalidOperationException>(() => OrganisationCodeLock.TakeAsync(db, "no-transaction"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static ServiceProvider Services(DatabaseProvider provider, string connectionString) =>
        new ServiceCollection().AddLogging().AddTrialStartupDatabase(provider, connectionString).BuildServiceProvider();

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync();
    }
}
