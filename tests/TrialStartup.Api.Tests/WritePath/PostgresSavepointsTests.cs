namespace TrialStartup.Api.Tests.WritePath;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Data;
using TrialStartup.Data.Leases;
using TrialStartup.Data.Providers;
using TrialStartup.Data.Transactions;

/// <summary>
/// On PostgreSQL a savepoint goes out with the next command and is never released (PostgresSavepointsTransactionFactory).
/// A transaction must still undo exactly what failed: a save refused by a key, or a piece of work given up. That is what
/// keeps a request's transaction usable after a lost race. How many round trips a decision makes is in OneCommitTests.
/// </summary>
public sealed class PostgresSavepointsTests
{
    [PostgresFact]
    public async Task ATransaction_UndoesAFailedSaveAndAbandonedWork_AndKeepsTheRest()
    {
        using var database = PostgresServer.CreateTemporaryDatabase("savepoints");
        await using var services = new ServiceCollection()
            .AddTrialStartupDatabase(DatabaseProvider.Postgres, database.ConnectionString)
            .BuildServiceProvider();
        await using (var setup = services.CreateAsyncScope())
        {
            await setup.ServiceProvider.GetRequiredService<TrialStartupDbContext>().Database.MigrateAsync();
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await SaveAsync(db, "first");

            // A save the primary key refuses (as a lost race for a stream version is refused) leaves the transaction usable.
            db.ChangeTracker.Clear();
            db.Leases.Add(new Lease("first", "again", DateTimeOffset.UnixEpoch));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            db.ChangeTracker.Clear();
            await SaveAsync(db, "second");

            // Work given up in the caller's transaction is undone, and only that work, however many saves it made.
            await using (var work = await WriteTransaction.BeginAsync(db.Database))
            {
                await SaveAsync(db, "abandoned-1");
                await SaveAsync(db, "abandoned-2");
            }

            db.ChangeTracker.Clear();
            await using (var work = await WriteTransaction.BeginAsync(db.Database))
            {
                await SaveAsync(db, "kept");
                await work.CommitAsync();
            }

            await SaveAsync(db, "last");
            await transaction.CommitAsync();
        }

        await using var check = services.CreateAsyncScope();
        var names = await check.ServiceProvider.GetRequiredService<TrialStartupDbContext>().Leases
            .OrderBy(l => l.Name).Select(l => l.Name + ":" + l.Holder).ToListAsync();
        Assert.Equal(["first:test", "kept:test", "last:test", "second:test"], names);
    }

    private static async Task SaveAsync(TrialStartupDbContext db, string name)
    {
        db.Leases.Add(new Lease(name, "test", DateTimeOffset.UnixEpoch));
        await db.SaveChangesAsync();
    }
}
