namespace TrialStartup.Data.Chains;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Data.Audit;
using TrialStartup.Data.Decisions;
using TrialStartup.Data.Dossier;
using TrialStartup.Data.Events;

/// <summary>
/// Links every chained row a context is about to insert (<see cref="IChainedRow"/>: audit entries, decisions, document
/// versions) to the head of its chain, just before SaveChanges writes it, so no writer has to know about the chains.
/// </summary>
/// <remarks>
/// The head is read from the table (one indexed look-up per chain written), the row takes the next sequence, and the
/// (chain, sequence) key lets one of two writers that read the same head commit. The loser's SaveChanges fails having
/// written nothing; <see cref="TrialStartupDbContext"/> then links again from the new head and saves again
/// (<see cref="ChainMovedAsync"/>). A decision is linked to the first event its command appends in the same save.
/// </remarks>
internal static class ChainLinker
{
    /// <summary>The rows this save inserts, linked; with the first sequence each chain was given, for the conflict check.</summary>
    public static async Task<IReadOnlyList<(IChainedRow Row, long FirstSequence)>> LinkAddedAsync(TrialStartupDbContext db,
        CancellationToken cancellationToken)
    {
        var added = db.ChangeTracker.Entries<IChainedRow>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (added.Count == 0)
        {
            return [];
        }

        LinkDecisionsToTheirEvents(db, added.OfType<DecisionRecord>());
        var firsts = new List<(IChainedRow, long)>();

        // Grouped by table and chain, in the order they were staged (within one chain, the order the caller added them).
        foreach (var chain in added.GroupBy(r => (r.GetType(), r.ChainKey)))
        {
            var (sequence, previous) = await HeadAsync(db, chain.First(), cancellationToken).ConfigureAwait(false);
            firsts.Add((chain.First(), sequence + 1));
            foreach (var row in chain)
            {
                row.Link(++sequence, previous);
                previous = row.Hash!;
            }
        }

        return firsts;
    }

    /// <summary>
    /// True when another writer took a sequence this save tried to take: the save failed for the chains, not for its own
    /// reasons, and is worth linking and trying again.
    /// </summary>
    public static async Task<bool> ChainMovedAsync(TrialStartupDbContext db, IReadOnlyList<(IChainedRow Row, long FirstSequence)> linked,
        CancellationToken cancellationToken)
    {
        foreach (var (row, first) in linked)
        {
            if ((await HeadAsync(db, row, cancellationToken).ConfigureAwait(false)).Sequence >= first)
            {
                return true;
            }
        }

        return false;
    }

    // The last linked row of `row`'s chain: its sequence and hash, or (0, genesis) for a chain not begun.
    private static async Task<(long Sequence, string Hash)> HeadAsync(TrialStartupDbContext db, IChainedRow row, CancellationToken cancellationToken)
    {
        var head = row switch
        {
            AuditEntry a => await db.Audit.AsNoTracking()
                .Where(x => x.ResourceType == a.ResourceType && x.ResourceId == a.ResourceId && x.ChainSequence != null)
                .OrderByDescending(x => x.ChainSequence).Select(x => new { x.ChainSequence, x.Hash })
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false),
            DecisionRecord d => await db.Decisions.AsNoTracking()
                .Where(x => x.SiteProjectId == d.SiteProjectId && x.ChainSequence != null)
                .OrderByDescending(x => x.ChainSequence).Select(x => new { x.ChainSequence, x.Hash })
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false),
            DossierDocument d => await db.Documents.AsNoTracking()
                .Where(x => x.SiteProjectId == d.SiteProjectId && x.ChainSequence != null)
                .OrderByDescending(x => x.ChainSequence).Select(x => new { x.ChainSequence, x.Hash })
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false),
            _ => throw new InvalidOperationException($"{row.GetType().Name} is not a chained table"),
        };
        return head is null ? (0, ChainHash.Genesis) : (head.ChainSequence!.Value, head.Hash!);
    }

    // A decision's record commits with its command's events: it is linked to the first of them (its task's completion).
    private static void LinkDecisionsToTheirEvents(TrialStartupDbContext db, IEnumerable<DecisionRecord> decisions)
    {
        foreach (var decision in decisions)
        {
            var produced = db.ChangeTracker.Entries<StoredEvent>()
                .Where(e => e.State == EntityState.Added && e.Entity.CommandId == decision.CommandId && e.Entity.StreamId == decision.WorkflowInstanceId)
                .Select(e => e.Entity).OrderBy(e => e.Version).FirstOrDefault();
            if (produced?.Hash is { } hash)
            {
                decision.LinkEvent(produced.Version, hash);
            }
        }
    }
}
