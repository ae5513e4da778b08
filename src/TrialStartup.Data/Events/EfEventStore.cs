namespace TrialStartup.Data.Events;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using TrialStartup.Data.Deadlines;
using TrialStartup.Data.Outbox;
using TrialStartup.Data.ReadModels;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// The engine's event store on the database. One append is one SaveChanges: the events, the read models they change
/// and the outbox messages they produce commit together or not at all, with whatever else the caller has staged on
/// the same context (such as the audit entry of the command), and with the caller's transaction when there is one (a
/// request's unit of work). The (stream, version) key refuses a second writer.
/// </summary>
/// <remarks>
/// Each appended event is linked to the stream's chain (<see cref="StoredEvent.Hash"/>), which needs the hash of the
/// event the command was decided after. The write path does not read it: it is the head kept with the cached stream,
/// or the last row this store read or wrote (inside a request's transaction the cache is filled only after the commit,
/// so a second command of the same stream finds it here). Only when neither has it is it read, in one small query.
/// </remarks>
/// <param name="db">The request's context.</param>
/// <param name="wakeUp">Tells this process's outbox dispatcher that messages were committed; absent where none runs.</param>
/// <param name="cache">This process's recently used streams, so a read fetches only the events appended since.</param>
/// <param name="knownJobs">The deadline jobs this process knows are waiting, so a new deadline is inserted with its job.</param>
/// <param name="outbox">Builds the messages of the append's outbox rows; without one a row holds its event.</param>
/// <param name="turns">This process's turns on streams, so that its commands on one stream do not race each other.</param>
public sealed class EfEventStore(TrialStartupDbContext db, OutboxWakeUp? wakeUp = null, StreamCache? cache = null,
    IKnownDeadlineJobs? knownJobs = null, IOutboxTranslation? outbox = null, StreamTurns? turns = null) : IEventStore, IDisposable
{
    /// <summary>How long a command inside a caller's transaction waits for its stream's turn before going ahead without one.</summary>
    public static readonly TimeSpan TurnWaitInTransaction = TimeSpan.FromSeconds(1);

    // The turns this store holds until its context's transaction ends, by stream.
    private readonly Dictionary<Guid, IDisposable> heldUntilTransactionEnds = [];

    // The last event this store read or wrote of each stream, version and hash: the head the next append links to.
    private readonly Dictionary<Guid, (long Version, string Hash)> heads = [];

    /// <inheritdoc />
    public async Task<IReadOnlyList<RecordedEvent>> ReadAsync(Guid streamId, CancellationToken cancellationToken = default)
    {
        // Only what was appended after the cached prefix (the whole stream when nothing is cached); never the prefix alone.
        var cached = cache?.Get(streamId) ?? [];
        long after = cached.Count;
        var rows = await db.Events.AsNoTracking()
            .Where(e => e.StreamId == streamId && e.Version > after)
            .OrderBy(e => e.Version)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        IReadOnlyList<RecordedEvent> stream = rows.Count == 0
            ? cached
            : [.. cached, .. rows.Select(r => new RecordedEvent(r.StreamId, r.Version, r.CommandId, WorkflowEventJson.Deserialize(r.Data)))];
        var headHash = rows.Count > 0 ? rows[^1].Hash : cache?.HeadHash(streamId, stream.Count);
        if (headHash is not null)
        {
            heads[streamId] = (stream.Count, headHash);
        }

        // Inside a transaction the rows read may include this transaction's own appends: kept only once they commit.
        if (cache is not null)
        {
            db.AfterCommit(() => cache.Put(streamId, stream, headHash));
        }

        return stream;
    }

    /// <inheritdoc />
    public IReadOnlyList<RecordedEvent>? Cached(Guid streamId) => cache?.Get(streamId);

    /// <inheritdoc />
    /// <remarks>
    /// A command that commits on its own holds the turn until the engine is done with it, its commit included. Inside a
    /// caller's transaction (a keyed request on PostgreSQL, a consumer's receipt) the append commits later, so the turn is
    /// held until that transaction ends (or this store is disposed with its scope), and is not asked for again by a second
    /// command of the same transaction. There the wait is bounded (<see cref="TurnWaitInTransaction"/>): a transaction
    /// holding locks while it waits could otherwise wait on a command that waits on those locks; after it the command goes
    /// ahead without a turn, as before turns, and the (stream, version) key decides.
    /// </remarks>
    public async ValueTask<IDisposable?> TakeTurnAsync(Guid streamId, CancellationToken cancellationToken = default)
    {
        if (turns is null)
        {
            return null;
        }

        if (db.Database.CurrentTransaction is null)
        {
            return await turns.TakeAsync(streamId, cancellationToken).ConfigureAwait(false);
        }

        // SQLite's one writer lock, held from the transaction's start (SqliteWriterQueue), keeps every other writer out until
        // it ends; a turn would only make a command that waits for that lock and this transaction wait for each other.
        if (heldUntilTransactionEnds.ContainsKey(streamId) || db.Database.IsSqlite())
        {
            return null;
        }

        if (await turns.TryTakeAsync(streamId, TurnWaitInTransaction, cancellationToken).ConfigureAwait(false) is not { } turn)
        {
            return null;
        }

        heldUntilTransactionEnds[streamId] = turn;
        db.WhenTransactionEnds(() => Release(streamId));
        return null;
    }

    /// <summary>Ends the turns still held for a transaction this store's scope leaves (one disposed without committing).</summary>
    public void Dispose()
    {
        foreach (var streamId in heldUntilTransactionEnds.Keys.ToList())
        {
            Release(streamId);
        }
    }

    private void Release(Guid streamId)
    {
        if (heldUntilTransactionEnds.Remove(streamId, out var turn))
        {
            turn.Dispose();
        }
    }

    /// <inheritdoc />
    public async Task AppendAsync(StreamAppend append, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(append);
        var (streamId, expectedVersion) = (append.StreamId, append.ExpectedVersion);

        // A writer that committed after the engine's read is caught by the (stream, version) key below. What the caller
        // staged before (a decision's signature record, the audit entry, an inbox receipt) must then survive: the command
        // is decided again and appended with it. Only what this append stages is undone.
        var stagedBefore = db.ChangeTracker.Entries().Select(e => (Entry: e, e.State)).ToList();
        var link = await HeadHashAsync(streamId, expectedVersion, cancellationToken).ConfigureAwait(false);
        foreach (var e in append.Events)
        {
            var row = new StoredEvent(streamId, e.Version, e.CommandId, WorkflowEventJson.AliasOf(e.Event), WorkflowEventJson.Serialize(e.Event),
                e.Event.At, link);
            db.Events.Add(row);
            link = row.Hash;
        }

        // The read models and the outbox rows (with the messages built now, while the command's facts are at hand).
        await new ReadModelProjector(db, knownJobs, outbox).ProjectAsync(append, cancellationToken).ConfigureAwait(false);
        var wroteOutbox = append.Events.Any(e => OutboxEvents.Told(e.Event)); // (a stream without a project writes none: a spare wake-up)
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            var actual = await CurrentVersionAsync(streamId, cancellationToken).ConfigureAwait(false);
            if (actual == expectedVersion)
            {
                throw;
            }

            // Another writer committed this version first: nothing of ours was written; the caller re-reads and retries.
            Undo(stagedBefore);
            throw new ConcurrencyConflictException(streamId, expectedVersion, actual);
        }

        // Once committed (now, or with the caller's transaction: a request's unit of work, a consumer's receipt), the next
        // command on this stream starts from here, and the dispatcher sends the messages.
        IReadOnlyList<RecordedEvent> stream = [.. append.Previous, .. append.Events];
        if (link is not null)
        {
            heads[streamId] = (stream.Count, link);
        }

        if (cache is not null)
        {
            db.AfterCommit(() => cache.Put(streamId, stream, link));
        }

        if (wroteOutbox && wakeUp is not null)
        {
            db.AfterCommit(wakeUp.Poke);
        }
    }

    // Puts the context back as it was before the append staged anything: its rows dropped, rows it changed in place restored.
    private void Undo(List<(EntityEntry Entry, EntityState State)> stagedBefore)
    {
        var kept = stagedBefore.Select(s => s.Entry.Entity).ToHashSet(ReferenceEqualityComparer.Instance);
        foreach (var entry in db.ChangeTracker.Entries().Where(e => !kept.Contains(e.Entity)).ToList())
        {
            entry.State = EntityState.Detached;
        }

        foreach (var (entry, state) in stagedBefore)
        {
            if (entry.State == EntityState.Modified && state == EntityState.Unchanged)
            {
                entry.CurrentValues.SetValues(entry.OriginalValues);
            }

            entry.State = state;
        }
    }

    // The hash of the event at `version`, the head the append links to: known without a query unless this process has
    // neither read nor written the stream lately. Null when that event predates the chains and is not linked yet.
    private async Task<string?> HeadHashAsync(Guid streamId, long version, CancellationToken cancellationToken)
    {
        if (version == 0)
        {
            return EventChain.Genesis;
        }

        if (heads.TryGetValue(streamId, out var head) && head.Version == version)
        {
            return head.Hash;
        }

        return cache?.HeadHash(streamId, version)
            ?? await db.Events.AsNoTracking().Where(e => e.StreamId == streamId && e.Version == version).Select(e => e.Hash)
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<long> CurrentVersionAsync(Guid streamId, CancellationToken cancellationToken) =>
        await db.Events.Where(e => e.StreamId == streamId).Select(e => (long?)e.Version).MaxAsync(cancellationToken).ConfigureAwait(false) ?? 0;
}
