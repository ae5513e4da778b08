namespace TrialStartup.Data.Chains;

using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Data.Decisions;
using TrialStartup.Data.Events;

/// <summary>
/// Walks every chain of the database: the checkpoints first (their own chain, and the heads each recorded), then every
/// event stream, audit trail, chain of decisions and chain of document versions, each against the last head a checkpoint
/// recorded for it, and then the links between them (each decision to the event it produced and to the document versions
/// it covered). Stops at the first broken link. Read-only: it never links or repairs anything.
/// </summary>
/// <remarks>
/// Each table is one ordered pass over its chain key's index, streamed, so memory grows with the number of chains (their
/// checkpointed heads) and of document versions (for the decisions' coverage), not with the number of rows.
/// </remarks>
/// <param name="db">A context of the caller's.</param>
public sealed class ChainVerifier(TrialStartupDbContext db)
{
    /// <summary>
    /// Verifies every chain; the report says OK with counts or names the first broken link. With an
    /// <paramref name="anchor"/> (a checkpoint's hash kept outside the database), also that the checkpoints still hold it.
    /// </summary>
    public async Task<ChainReport> VerifyAsync(string? anchor = null, CancellationToken cancellationToken = default) =>
        (await WalkAsync(anchor, collectHeads: false, cancellationToken).ConfigureAwait(false)).Report;

    /// <summary>
    /// Verifies, and gives each chain's head as found, by table then chain, with the latest head the checkpoints recorded
    /// for each (for <see cref="ChainCheckpoints"/>, which records the heads that moved).
    /// </summary>
    internal async Task<(ChainReport Report, Dictionary<string, Dictionary<string, RecordedHead>> Heads,
        Dictionary<string, Dictionary<string, RecordedHead>> Recorded, ChainCheckpoint? Last)> WalkAsync(string? anchor, bool collectHeads,
        CancellationToken cancellationToken)
    {
        var counts = new List<ChainTableCount>();
        var heads = new Dictionary<string, Dictionary<string, RecordedHead>>(StringComparer.Ordinal);
        var (checkpoints, recorded, last, broken) = await CheckpointsAsync(anchor, cancellationToken).ConfigureAwait(false);
        counts.Add(checkpoints);
        if (broken is not null)
        {
            return (new ChainReport(counts, broken), heads, recorded, last);
        }

        ChainWalk Walk(string table) => new(table, recorded.GetValueOrDefault(table) ?? [])
        {
            Heads = collectHeads ? heads[table] = new Dictionary<string, RecordedHead>(StringComparer.Ordinal) : null,
        };

        var documents = new HashSet<(Guid Project, string Kind, int Version, string Sha256)>();
        var walks = new (string Table, Func<ChainWalk, Task<ChainBreak?>> Walk)[]
        {
            (ChainTables.Events, walk => WalkEventsAsync(walk, cancellationToken)),
            (ChainTables.Audit, walk => WalkAsync(walk, db.Audit.AsNoTracking().OrderBy(a => a.ResourceType).ThenBy(a => a.ResourceId).ThenBy(a => a.ChainSequence),
                null, cancellationToken)),
            (ChainTables.Documents, walk => WalkAsync(walk, db.Documents.AsNoTracking().OrderBy(d => d.SiteProjectId).ThenBy(d => d.ChainSequence),
                d => { documents.Add((d.SiteProjectId, d.Kind, d.Version, d.Sha256)); return null; }, cancellationToken)),
            (ChainTables.Decisions, walk => WalkAsync(walk, db.Decisions.AsNoTracking().OrderBy(d => d.SiteProjectId).ThenBy(d => d.ChainSequence),
                d => CoveredButMissing(d, documents), cancellationToken)),
        };
        foreach (var (table, walkTable) in walks)
        {
            var walk = Walk(table);
            broken = await walkTable(walk).ConfigureAwait(false) ?? walk.Finish();
            counts.Add(walk.Count);
            if (broken is not null)
            {
                return (new ChainReport(counts, broken), heads, recorded, last);
            }
        }

        broken = await DecisionWithoutItsEventAsync(cancellationToken).ConfigureAwait(false);
        return (new ChainReport(counts, broken), heads, recorded, last);
    }

    private async Task<ChainBreak?> WalkEventsAsync(ChainWalk walk, CancellationToken cancellationToken)
    {
        var rows = db.Events.AsNoTracking().OrderBy(e => e.StreamId).ThenBy(e => e.Version)
            .Select(e => new { e.StreamId, e.Version, e.CommandId, e.Type, e.RecordedAt, e.Data, e.Hash }).AsAsyncEnumerable();
        await foreach (var e in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (walk.Next(e.StreamId.ToString("D"), e.Version, EventChain.Parts(e.StreamId, e.Version, e.CommandId, e.Type, e.RecordedAt, e.Data), e.Hash)
                is { } broken)
            {
                return broken;
            }
        }

        return null;
    }

    private static async Task<ChainBreak?> WalkAsync<T>(ChainWalk walk, IQueryable<T> ordered, Func<T, ChainBreak?>? alsoCheck,
        CancellationToken cancellationToken)
        where T : IChainedRow
    {
        await foreach (var row in ordered.AsAsyncEnumerable().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if ((walk.Next(row.ChainKey, row.ChainSequence, row.ChainParts(), row.Hash) ?? alsoCheck?.Invoke(row)) is { } broken)
            {
                return broken;
            }
        }

        return null;
    }

    // A decision covered document versions by their SHA-256: each must still be one of its project's linked versions.
    private static ChainBreak? CoveredButMissing(DecisionRecord decision, HashSet<(Guid, string, int, string)> documents)
    {
        var covered = JsonSerializer.Deserialize<List<CoveredDocument>>(decision.CoveredDocuments, JsonSerializerOptions.Web) ?? [];
        return covered.FirstOrDefault(c => !documents.Contains((decision.SiteProjectId, c.Kind, c.Version, c.Sha256))) is { } missing
            ? new ChainBreak(ChainTables.Decisions, decision.ChainKey, decision.ChainSequence ?? 0, ChainBreak.DocumentMismatch,
                $"{missing.Kind} v{missing.Version} {missing.Sha256}", null)
            : null;
    }

    // Each decision linked to an event must find it, with the hash and command it recorded (one query, joined in the database).
    private async Task<ChainBreak?> DecisionWithoutItsEventAsync(CancellationToken cancellationToken)
    {
        var mismatch = await (
                from d in db.Decisions.AsNoTracking()
                where d.EventVersion != null
                join e in db.Events.AsNoTracking() on new { Stream = d.WorkflowInstanceId, Version = d.EventVersion!.Value }
                    equals new { Stream = e.StreamId, e.Version } into produced
                from e in produced.DefaultIfEmpty()
                where e == null || e.Hash != d.EventHash || e.CommandId != d.CommandId
                orderby d.SiteProjectId, d.ChainSequence
                select new { d.SiteProjectId, d.ChainSequence, d.EventHash, Found = e == null ? null : e.Hash })
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return mismatch is null ? null
            : new ChainBreak(ChainTables.Decisions, $"site-project/{mismatch.SiteProjectId:D}", mismatch.ChainSequence ?? 0, ChainBreak.EventMismatch,
                mismatch.EventHash, mismatch.Found);
    }

    // The checkpoints' own chain, each one's digest of the heads it recorded, and the latest head recorded per chain.
    private async Task<(ChainTableCount Count, Dictionary<string, Dictionary<string, RecordedHead>> Recorded, ChainCheckpoint? Last, ChainBreak? Broken)>
        CheckpointsAsync(string? anchor, CancellationToken cancellationToken)
    {
        var recorded = new Dictionary<string, Dictionary<string, RecordedHead>>(StringComparer.Ordinal);
        var checkpoints = await db.ChainCheckpoints.AsNoTracking().OrderBy(c => c.Sequence).ToListAsync(cancellationToken).ConfigureAwait(false);
        var previous = ChainHash.Genesis;
        var anchored = anchor is null;
        long walked = 0;
        ChainBreak? Broken(ChainCheckpoint c, string kind, string? expected, string? found) =>
            new(ChainTables.Checkpoints, "checkpoints", c.Sequence, kind, expected, found);
        foreach (var checkpoint in checkpoints)
        {
            var heads = await db.ChainCheckpointHeads.AsNoTracking().Where(h => h.Checkpoint == checkpoint.Sequence).ToListAsync(cancellationToken)
                .ConfigureAwait(false);
            var digest = ChainCheckpoints.Digest(heads);
            var expected = ChainHash.Link(previous, checkpoint.Parts());
            var broken = checkpoint.Sequence != walked + 1 ? Broken(checkpoint, checkpoint.Sequence < walked + 1 ? ChainBreak.OutOfOrder : ChainBreak.Missing, null, null)
                : !string.Equals(digest, checkpoint.HeadsDigest, StringComparison.Ordinal) || heads.Count != checkpoint.Heads
                    ? Broken(checkpoint, ChainBreak.Altered, digest, checkpoint.HeadsDigest)
                : !string.Equals(expected, checkpoint.Hash, StringComparison.Ordinal) ? Broken(checkpoint, ChainBreak.Altered, expected, checkpoint.Hash)
                : null;
            if (broken is not null)
            {
                return (new ChainTableCount(ChainTables.Checkpoints, 1, walked), recorded, null, broken);
            }

            foreach (var head in heads)
            {
                (recorded.TryGetValue(head.Table, out var table) ? table : recorded[head.Table] = new(StringComparer.Ordinal))[head.Chain] =
                    new RecordedHead(head.Sequence, head.Hash);
            }

            anchored |= string.Equals(checkpoint.Hash, anchor, StringComparison.Ordinal);
            previous = checkpoint.Hash;
            walked++;
        }

        var count = new ChainTableCount(ChainTables.Checkpoints, walked > 0 ? 1 : 0, walked);
        return anchored ? (count, recorded, checkpoints.LastOrDefault(), null)
            : (count, recorded, null, new ChainBreak(ChainTables.Checkpoints, "checkpoints", walked, ChainBreak.AnchorNotFound, anchor, null));
    }
}
