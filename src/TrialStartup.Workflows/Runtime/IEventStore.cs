namespace TrialStartup.Workflows.Runtime;

/// <summary>
/// Append-only storage of instance streams. Implementations must make <see cref="AppendAsync"/> atomic (all events
/// of a call or none) and refuse it with <see cref="ConcurrencyConflictException"/> when the stream is no longer at
/// the expected version; a unique (stream, version) index does both on every database.
/// </summary>
public interface IEventStore
{
    /// <summary>The whole stream, in version order; empty when the instance does not exist.</summary>
    Task<IReadOnlyList<RecordedEvent>> ReadAsync(Guid streamId, CancellationToken cancellationToken = default);

    /// <summary>Appends events that continue the stream at <paramref name="expectedVersion"/> + 1.</summary>
    Task AppendAsync(Guid streamId, long expectedVersion, IReadOnlyList<RecordedEvent> events, CancellationToken cancellationToken = default);
}
