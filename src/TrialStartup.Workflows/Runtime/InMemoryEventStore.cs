namespace TrialStartup.Workflows.Runtime;

using System.Collections.Concurrent;

/// <summary>The event store for tests, simulations and the embedded default before a database is configured.</summary>
public sealed class InMemoryEventStore : IEventStore
{
    private readonly ConcurrentDictionary<Guid, List<RecordedEvent>> _streams = new();

    /// <summary>How many streams exist.</summary>
    public int StreamCount => _streams.Count;

    /// <inheritdoc />
    public Task<IReadOnlyList<RecordedEvent>> ReadAsync(Guid streamId, CancellationToken cancellationToken = default)
    {
        if (!_streams.TryGetValue(streamId, out var stream))
        {
            return Task.FromResult<IReadOnlyList<RecordedEvent>>([]);
        }

        lock (stream)
        {
            return Task.FromResult<IReadOnlyList<RecordedEvent>>([.. stream]);
        }
    }

    /// <inheritdoc />
    public Task AppendAsync(StreamAppend append, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(append);
        var (streamId, expectedVersion, events) = (append.StreamId, append.ExpectedVersion, append.Events);
        var stream = _streams.GetOrAdd(streamId, _ => []);
        lock (stream)
        {
            if (stream.Count != expectedVersion)
            {
                throw new ConcurrencyConflictException(streamId, expectedVersion, stream.Count);
            }

            for (var i = 0; i < events.Count; i++)
            {
                if (events[i].Version != expectedVersion + i + 1 || events[i].StreamId != streamId)
                {
                    throw new ArgumentException($"event {i} has version {events[i].Version}; expected {expectedVersion + i + 1}", nameof(append));
                }
            }

            stream.AddRange(events);
        }

        return Task.CompletedTask;
    }
}
