namespace TrialStartup.Data.Chains;

using Microsoft.EntityFrameworkCore;

/// <summary>
/// Records the day's checkpoint (<see cref="ChainCheckpoint"/>): verifies every chain, then records the head of each chain
/// that moved since the previous checkpoint, digested, as the next link of the checkpoints' chain. Once a day; safe to call
/// again (the day's checkpoint is returned) and from several hosts at once (the day's unique key keeps one).
/// </summary>
/// <param name="db">A context of the caller's, used for nothing else meanwhile.</param>
/// <param name="clock">The clock that says which day it is.</param>
public sealed class ChainCheckpoints(TrialStartupDbContext db, TimeProvider clock)
{
    /// <summary>The day's checkpoint, recorded now if there is none yet; and whether this call recorded it.</summary>
    public async Task<(ChainCheckpoint Checkpoint, bool Recorded)> RecordTodayAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        if (await TodaysAsync(day, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return (existing, false);
        }

        var (report, heads, recorded, last) = await new ChainVerifier(db).WalkAsync(anchor: null, collectHeads: true, cancellationToken).ConfigureAwait(false);
        last ??= await db.ChainCheckpoints.AsNoTracking().OrderByDescending(c => c.Sequence).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);

        // Only what moved: a chain whose head is the one a checkpoint already recorded is vouched for by that checkpoint.
        var sequence = (last?.Sequence ?? 0) + 1;
        var moved = heads.SelectMany(table => table.Value
                .Where(chain => !(recorded.GetValueOrDefault(table.Key)?.TryGetValue(chain.Key, out var before) == true && before == chain.Value))
                .Select(chain => new ChainCheckpointHead(sequence, table.Key, chain.Key, chain.Value.Sequence, chain.Value.Hash)))
            .ToList();
        var checkpoint = new ChainCheckpoint(sequence, day, now, moved.Count, Digest(moved), report.IsIntact, Clip(report.ToString(), 1000),
            last?.Hash ?? ChainHash.Genesis);
        db.ChainCheckpoints.Add(checkpoint);
        db.ChainCheckpointHeads.AddRange(moved);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return (checkpoint, true);
        }
        catch (DbUpdateException)
        {
            // Another host recorded the day's checkpoint meanwhile: theirs stands.
            db.ChangeTracker.Clear();
            return (await TodaysAsync(day, cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException(
                $"The checkpoint of {day:O} could not be recorded, and no other host recorded it."), false);
        }
    }

    /// <summary>The digest of a checkpoint's heads: <see cref="ChainHash.Link"/> over each head's parts, ordered by table and chain (ordinally, whatever the database's collation).</summary>
    public static string Digest(IEnumerable<ChainCheckpointHead> heads) =>
        ChainHash.Link(ChainHash.Genesis, [.. heads.OrderBy(h => h.Table, StringComparer.Ordinal).ThenBy(h => h.Chain, StringComparer.Ordinal).SelectMany(h => h.Parts())]);

    private Task<ChainCheckpoint?> TodaysAsync(DateOnly day, CancellationToken cancellationToken) =>
        db.ChainCheckpoints.AsNoTracking().FirstOrDefaultAsync(c => c.Day == day, cancellationToken);

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
