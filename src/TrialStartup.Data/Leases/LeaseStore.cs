namespace TrialStartup.Data.Leases;

using Microsoft.EntityFrameworkCore;

/// <summary>
/// Takes and renews leases with single conditional statements, so two processes can never both believe they hold
/// one: the database decides. The holder renews well before expiry; a dead holder's lease is taken once it expires.
/// </summary>
/// <param name="db">A context of the caller's.</param>
public sealed class LeaseStore(TrialStartupDbContext db)
{
    /// <summary>A holder name unique to one taker: machine, process, and a fresh id (two takers in one process differ).</summary>
    public static string NewHolder() => $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>Takes or renews <paramref name="name"/> for <paramref name="holder"/>; false when another holds it.</summary>
    public async Task<bool> TryAcquireAsync(string name, string holder, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        var until = now + duration;
        var updated = await db.Leases
            .Where(l => l.Name == name && (l.Holder == holder || l.ExpiresAt < now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAt, until), cancellationToken)
            .ConfigureAwait(false);
        if (updated == 1)
        {
            return true;
        }

        if (await db.Leases.AnyAsync(l => l.Name == name, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        // First use of this lease: whoever inserts first holds it; the other insert fails on the key.
        db.Leases.Add(new Lease(name, holder, until));
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>Gives the lease up at once (on a clean shutdown), so another process takes over without waiting.</summary>
    public async Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken) =>
        await db.Leases.Where(l => l.Name == name && l.Holder == holder)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, DateTimeOffset.UnixEpoch), cancellationToken)
            .ConfigureAwait(false);
}
