namespace TrialStartup.Data.Organisations;

using Microsoft.EntityFrameworkCore;

/// <summary>
/// Makes the writers of one organisation code take turns. A code names one organisation whatever its kind (a token's
/// org claim, an actor's organisation, the audit trail), but institutions, sponsors and regional authorities each have
/// their own table and unique index, so an institution and a sponsor registered with the same code at the same instant
/// would both be stored. A writer takes the code's lock in its transaction before it looks whether the code is taken:
/// the lock is held until that transaction ends, so the next writer of the code looks after the first has committed.
/// </summary>
public static class OrganisationCodeLock
{
    // PostgreSQL: the two-key form of the advisory locks, whose keys never meet the one-key form's (the database
    // preparation lock), with this first key for organisation codes ("OrgC" in ASCII) and the code's hash as the second.
    // Two codes of the same hash merely take turns too.
    private const int PostgresClass = 0x4F_72_67_43;

    /// <summary>
    /// Waits for <paramref name="code"/>'s turn and holds it until the current transaction (the caller's, whose
    /// savepoints do not give it back) commits or rolls back.
    /// </summary>
    /// <exception cref="InvalidOperationException">No transaction is open: a lock without one would end at once.</exception>
    public static async Task TakeAsync(TrialStartupDbContext db, string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(code);
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("an organisation code is locked in the transaction that stores it: begin one first");
        }

        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({PostgresClass}, hashtext({code}))", cancellationToken)
                .ConfigureAwait(false);
        }
        else if (db.Database.IsSqlServer())
        {
            var resource = "TrialStartup.OrganisationCode:" + code;
            // 0 granted, 1 granted after waiting; negative is a timeout, a deadlock victim or an error.
            await db.Database.ExecuteSqlAsync($"""
                DECLARE @r int;
                EXEC @r = sp_getapplock @Resource = {resource}, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = -1;
                IF @r < 0 THROW 51000, 'SQL Server refused the organisation code lock', 1;
                """, cancellationToken).ConfigureAwait(false);
        }

        // SQLite: nothing to take, the transaction is the lock. Microsoft.Data.Sqlite begins every transaction EF Core
        // opens with BEGIN IMMEDIATE, which takes the database's one write lock at once, before the first read: a second
        // writer waits (in the writer queue, then in SQLite's busy handling) until the first commits or rolls back.
    }
}
