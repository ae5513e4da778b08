namespace TrialStartup.Data.Chains;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Data.Events;
using TrialStartup.Data.Leases;

/// <summary>
/// Links the rows written before the hash chains (their hash is null): the events, stream by stream in version order,
/// continuing from the last linked event of each stream; then the audit entries, decisions and document versions
/// (<see cref="IChainedRow"/>), chain by chain in the order they were written, after the chain's last linked row. The Api
/// host runs it before it serves.
/// </summary>
/// <remarks>
/// Safe to run again and by several hosts at once: it only fills hashes that are missing, under a lease, and a host
/// that finds the lease held waits until the holder is done (and then finds nothing left). While it runs, a host that
/// already serves may append to a stream whose head is not linked yet: that event is written without a hash too
/// (<see cref="EfEventStore"/>), and the next pass, which runs until one finds nothing, links it. A chained row written
/// meanwhile links to its chain's last linked row and may take the sequence the backfill meant for an older one: the
/// backfill's save then fails on the (chain, sequence) key and the pass is done again from what was committed.
/// Re-linking rows whose hash was removed gives an attacker nothing they lack: without a secret key anyone who can
/// write the table can recompute a whole chain, which only an anchor kept outside the database can reveal.
/// </remarks>
/// <param name="db">A context of the caller's, used for nothing else meanwhile.</param>
/// <param name="clock">The lease's clock.</param>
public sealed class ChainBackfill(TrialStartupDbContext db, TimeProvider clock)
{
    /// <summary>The lease held while linking.</summary>
    public const string LeaseName = "chain-backfill";

    private static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(2);
    private const int ChainsPerBatch = 200;

    /// <summary>Links every row without a hash; returns how many it linked (0 when there were none).</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        // Most starts: everything is linked, and one indexed look-up per table says so.
        if (!await db.Events.AnyAsync(e => e.Hash == null, cancellationToken).ConfigureAwait(false)
            && !await db.Audit.AnyAsync(e => e.Hash == null, cancellationToken).ConfigureAwait(false)
            && !await db.Decisions.AnyAsync(e => e.Hash == null, cancellationToken).ConfigureAwait(false)
            && !await db.Documents.AnyAsync(e => e.Hash == null, cancellationToken).ConfigureAwait(false))
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
            var (linked, lostRaces) = (0, 0);
            while (true)
            {
                var batch = await LinkEventsAsync(cancellationToken).ConfigureAwait(false);
                batch = batch > 0 ? batch : await LinkAuditAsync(cancellationToken).ConfigureAwait(false);
                batch = batch > 0 ? batch : await LinkDocumentsAsync(cancellationToken).ConfigureAwait(false);
                batch = batch > 0 ? batch : await LinkDecisionsAsync(cancellationToken).ConfigureAwait(false);
                if (batch == 0)
                {
                    return linked;
                }

                try
                {
                    await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                    linked += batch;
                }
                catch (DbUpdateException) when (++lostRaces < 10)
                {
                    // A writer took a sequence this batch meant for an older row: the next pass starts from what was committed.
                }

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

    // Links a batch of streams' unlinked events to the last linked one before each (a stream's linked events come first).
    private async Task<int> LinkEventsAsync(CancellationToken cancellationToken)
    {
        var linked = 0;
        var streams = await db.Events.Where(e => e.Hash == null).Select(e => e.StreamId).Distinct().Take(ChainsPerBatch)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var streamId in streams)
        {
            var rows = await db.Events.Where(e => e.StreamId == streamId).OrderBy(e => e.Version).ToListAsync(cancellationToken).ConfigureAwait(false);
            var previous = EventChain.Genesis;
            foreach (var row in rows)
            {
                if (row.Hash is null)
                {
                    row.Chain(previous);
                    linked++;
                }

                previous = row.Hash!;
            }
        }

        return linked;
    }

    private async Task<int> LinkAuditAsync(CancellationToken cancellationToken)
    {
        var linked = 0;
        var chains = await db.Audit.Where(a => a.Hash == null).Select(a => new { a.ResourceType, a.ResourceId }).Distinct().Take(ChainsPerBatch)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chain in chains)
        {
            var rows = await db.Audit.Where(a => a.ResourceType == chain.ResourceType && a.ResourceId == chain.ResourceId).ToListAsync(cancellationToken)
                .ConfigureAwait(false);
            linked += Link(rows.OrderBy(r => r.ChainSequence is null).ThenBy(r => r.ChainSequence).ThenBy(r => r.Id));
        }

        return linked;
    }

    private async Task<int> LinkDocumentsAsync(CancellationToken cancellationToken)
    {
        var linked = 0;
        var projects = await db.Documents.Where(d => d.Hash == null).Select(d => d.SiteProjectId).Distinct().Take(ChainsPerBatch)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var project in projects)
        {
            var rows = await db.Documents.Where(d => d.SiteProjectId == project).ToListAsync(cancellationToken).ConfigureAwait(false);
            linked += Link(rows.OrderBy(r => r.ChainSequence is null).ThenBy(r => r.ChainSequence).ThenBy(r => r.UploadedAt).ThenBy(r => r.Id));
        }

        return linked;
    }

    // A decision written before the chains is linked to the first event its command appended, then into its project's chain.
    private async Task<int> LinkDecisionsAsync(CancellationToken cancellationToken)
    {
        var linked = 0;
        var projects = await db.Decisions.Where(d => d.Hash == null).Select(d => d.SiteProjectId).Distinct().Take(ChainsPerBatch)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var project in projects)
        {
            var rows = await db.Decisions.Where(d => d.SiteProjectId == project).ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var decision in rows.Where(d => d.Hash is null))
            {
                var produced = await db.Events.AsNoTracking().Where(e => e.StreamId == decision.WorkflowInstanceId && e.CommandId == decision.CommandId)
                    .OrderBy(e => e.Version).Select(e => new { e.Version, e.Hash }).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
                if (produced?.Hash is { } hash)
                {
                    decision.LinkEvent(produced.Version, hash);
                }
            }

            linked += Link(rows.OrderBy(r => r.ChainSequence is null).ThenBy(r => r.ChainSequence).ThenBy(r => r.SignedAt).ThenBy(r => r.Id));
        }

        return linked;
    }

    // Links the unlinked rows of one chain after its last linked one; the linked rows come first in `rows`.
    private static int Link(IEnumerable<IChainedRow> rows)
    {
        var (sequence, previous, linked) = (0L, ChainHash.Genesis, 0);
        foreach (var row in rows)
        {
            if (row.Hash is null)
            {
                row.Link(sequence + 1, previous);
                linked++;
            }

            (sequence, previous) = (row.ChainSequence!.Value, row.Hash!);
        }

        return linked;
    }
}
