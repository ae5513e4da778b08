namespace TrialStartup.Data.Events;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Data.Leases;

/// <summary>
/// Links the events written before the hash chains (their <see cref="StoredEvent.Hash"/> is null), stream by stream in
/// version order, continuing from the last linked event of each stream. The Api host runs it before it serves.
/// </summary>
/// <remarks>
/// Safe to run again and by several hosts at once: it only fills hashes that are missing, under a lease, and a host
/// that finds the lease held waits until the holder is done (and then finds nothing left). While it runs, a host that
/// already serves may append to a stream whose head is not linked yet: that event is written without a hash too
/// (<see cref="EfEventStore"/>), and the next pass, which runs until one finds nothing, links it.
/// Re-linking rows whose hash was removed gives an attacker nothing they lack: without a secret key anyone who can
/// write the table can recompute a whole chain, which only an anchor kept outside the database can reveal.
/// </remarks>
/// <param name="db">A context of the caller's, used for nothing else meanwhile.</param>
/// <param name="clock">The lease's clock.</param>
public sealed class EventChainBackfill(TrialStartupDbContext db, TimeProvider clock)
{
    /// <summary>The lease held while linking.</summary>
    public const string LeaseName = "event-chain-backfill";

    private static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(2);
    private const int StreamsPerBatch = 200;

    /// <summary>Links every event without a hash; returns how many it linked (0 when there were none).</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        // Most starts: everything is linked, and one indexed look-up says so.
        if (!await db.Events.AnyAsync(e => e.Hash == null, cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        var leases = new LeaseStore(db);
        var holder = LeaseStore.NewHolder();
        while (!await leases.TryAcquireAsync(LeaseName, holder, clock.GetUtcNow(), LeaseDuration, cancellationToken).ConfigureAwait(false))
        {
            await Task.Delay(TimeSpan.FromSeconds(1), clock, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var linked = 0;
            while (true)
            {
                var streams = await db.Events.Where(e => e.Hash == null).Select(e => e.StreamId).Distinct().Take(StreamsPerBatch)
                    .ToListAsync(cancellationToken).ConfigureAwait(false);
                if (streams.Count == 0)
                {
                    return linked;
                }

                foreach (var streamId in streams)
                {
                    linked += await LinkAsync(streamId, cancellationToken).ConfigureAwait(false);
                }

                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                db.ChangeTracker.Clear();
                if (!await leases.TryAcquireAsync(LeaseName, holder, clock.GetUtcNow(), LeaseDuration, cancellationToken).ConfigureAwait(false))
                {
                    throw new InvalidOperationException($"The lease '{LeaseName}' expired while linking the events' hash chains; start the host again to finish.");
                }
            }
        }
        finally
        {
            await leases.ReleaseAsync(LeaseName, holder, CancellationToken.None).ConfigureAwait(false);
        }
    }

    // Links the stream's unlinked events to the last linked one before each (a stream's linked events come first).
    private async Task<int> LinkAsync(Guid streamId, CancellationToken cancellationToken)
    {
        var rows = await db.Events.Where(e => e.StreamId == streamId).OrderBy(e => e.Version).ToListAsync(cancellationToken).ConfigureAwait(false);
        var previous = EventChain.Genesis;
        var linked = 0;
        foreach (var row in rows)
        {
            if (row.Hash is null)
            {
                row.Chain(previous);
                linked++;
            }

            previous = row.Hash!;
        }

        return linked;
    }
}
