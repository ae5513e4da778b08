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
/// The head is the one this process last committed to the chain (<see cref="ChainHeads"/>), or else read from the table
/// (one indexed look-up per chain written); the row takes the next sequence, and the
/// (chain, sequence) key lets one of two writers that read the same head commit. The loser's SaveChanges fails having
/// written nothing; <see cref="TrialStartupDbContext"/> then links again from the new head and saves again
/// (<see cref="ChainMovedAsync"/>). A decision is linked to the first event its command appends in the same save.
/// </remarks>
internal static class ChainLinker
{
    /// <summary>
    /// Links the rows this save inserts; gives, per chain, the first row, the first sequence it was given (for the conflict
    /// check) and the head it ends at (kept by <see cref="KeepHeads"/> once saved).
    /// </summary>
    /// <param name="db">The context about to save.</param>
    /// <param name="retry">True when the save is tried again after losing links: the heads are read, not taken from <see cref="ChainHeads"/>.</param>
    /// <param name="cancellationToken">Cancels the look-ups.</param>
    public static async Task<IReadOnlyList<ChainLinks>> LinkAddedAsync(TrialStartupDbContext db, bool retry,
        CancellationToken cancellationToken)
    {
        var added = db.Added<IChainedRow>();
        if (added.Count == 0)
        {
            return [];
        }

        LinkDecisionsToTheirEvents(db, added.OfType<DecisionRecord>());
        var links = new List<ChainLinks>();

        // Grouped by table and chain, in the order they were staged (within one chain, the order the caller added them).
        var database = Database(db);
        foreach (var chain in added.GroupBy(r => (Table: r.GetType(), r.ChainKey)))
        {
            var (sequence, previous) = !retry && ChainHeads.TryGet(database, chain.Key.Table, chain.Key.ChainKey, out var kept)
                ? (kept.Sequence, kept.Hash)
                : await HeadAsync(db, chain.First(), cancellationToken).ConfigureAwait(false);
            var first = sequence + 1;
            foreach (var row in chain)
            {
                row.Link(++sequence, previous);
                previous = row.Hash!;
            }

            links.Add(new ChainLinks(chain.First(), first, new RecordedHead(sequence, previous)));
        }

        return links;
    }

    /// <summary>
    /// True when another writer took a sequence this save tried to take: the save failed for the chains, not for its own
    /// reasons, and is worth linking and trying again.
    /// </summary>
    public static async Task<bool> ChainMovedAsync(TrialStartupDbContext db, IReadOnlyList<ChainLinks> linked, CancellationToken cancellationToken)
    {
        var moved = false;
        foreach (var link in linked)
        {
            if ((await HeadAsync(db, link.First, cancellationToken).ConfigureAwait(false)).Sequence >= link.FirstSequence)
            {
                ChainHeads.Forget(Database(db), link.First.GetType(), link.First.ChainKey);
                moved = true;
            }
        }

        return moved;
    }

    /// <summary>
    /// Once the save that inserted <paramref name="linked"/> succeeded: keeps each chain's new head for the next row, when
    /// it commits (at once when the save was its own transaction, else with the caller's transaction; never on rollback).
    /// </summary>
    public static void KeepHeads(TrialStartupDbContext db, IReadOnlyList<ChainLinks> linked)
    {
        var database = Database(db);
        foreach (var link in linked)
        {
            db.AfterCommit(() => ChainHeads.Put(database, link.First.GetType(), link.First.ChainKey, link.Head));
        }
    }

    private static string Database(TrialStartupDbContext db) => db.Database.GetConnectionString() ?? "";

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
            var produced = db.Added<StoredEvent>().Where(e => e.CommandId == decision.CommandId && e.StreamId == decision.WorkflowInstanceId)
                .OrderBy(e => e.Version).FirstOrDefault();
            if (produced?.Hash is { } hash)
            {
                decision.LinkEvent(produced.Version, hash);
            }
        }
    }
}

/// <summary>The rows one save linked into one chain: the first of them, its sequence, and the head the chain ends at.</summary>
internal sealed record ChainLinks(IChainedRow First, long FirstSequence, RecordedHead Head);
