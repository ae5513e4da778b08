namespace TrialStartup.Workflows.Runtime;

/// <summary>
/// Append-only storage of instance streams. Implementations must make <see cref="AppendAsync"/> atomic (all events
/// of a call or none) and refuse it with <see cref="ConcurrencyConflictException"/> when the stream is no longer at
/// the expected version; a unique (stream, version) index does both on every database.
/// </summary>
public interface IEventStore
{
    /// <summary>The whole stream, in version order, as stored now; empty when the instance does not exist.</summary>
    Task<IReadOnlyList<RecordedEvent>> ReadAsync(Guid streamId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The stream as this process last saw it (a cache), without asking the storage; <c>null</c> when nothing is kept.
    /// Streams are append-only, so it is always a prefix of the stored stream, but another writer may have appended
    /// since: the engine decides on it only because <see cref="AppendAsync"/> refuses a decision made on an old version,
    /// and it reads the stored stream before answering anything that appends nothing (a refusal, a conflict).
    /// </summary>
    IReadOnlyList<RecordedEvent>? Cached(Guid streamId) => null;

    /// <summary>
    /// Waits for this process's other commands on the stream to finish, so that commands arriving together are decided one
    /// after the other rather than racing (an economy, never a guarantee: <see cref="AppendAsync"/> stays the arbiter).
    /// Disposing the handle ends the turn; <c>null</c> when the store keeps no turns, or ends this one itself (when the
    /// transaction the append commits with ends).
    /// </summary>
    ValueTask<IDisposable?> TakeTurnAsync(Guid streamId, CancellationToken cancellationToken = default) => ValueTask.FromResult<IDisposable?>(null);

    /// <summary>Appends <see cref="StreamAppend.Events"/> if the stream is still at <see cref="StreamAppend.ExpectedVersion"/>.</summary>
    Task AppendAsync(StreamAppend append, CancellationToken cancellationToken = default);
}
