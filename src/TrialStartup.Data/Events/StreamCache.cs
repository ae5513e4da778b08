namespace TrialStartup.Data.Events;

using System.Collections.Concurrent;
using TrialStartup.Workflows.Runtime;

/// <summary>
/// The streams this process read or wrote last, so a command reads only what was appended since (usually nothing)
/// instead of reading and deserializing its whole stream again. Streams are append-only, so a cached prefix never
/// changes; what another writer appended meanwhile (another request, another host) comes with the tail read, and a
/// writer that commits between that read and our append is refused by the (stream, version) key as before, after which
/// the engine reads the tail again and decides again. A cached stream is therefore never what a command is decided on
/// without its tail, and never holds an event that did not commit.
/// </summary>
/// <param name="capacity">
/// How many streams are kept. A started project's stream is about 50 events (a few tens of kilobytes deserialized);
/// the default keeps the projects a busy institution network works on at once in well under 100 MB.
/// </param>
public sealed class StreamCache(int capacity = StreamCache.DefaultCapacity)
{
    /// <summary>The number of streams kept by default.</summary>
    public const int DefaultCapacity = 2_048;

    private readonly ConcurrentDictionary<Guid, IReadOnlyList<RecordedEvent>> streams = new();

    /// <summary>The stream's events as last seen by this process (a prefix of the stream), or null.</summary>
    public IReadOnlyList<RecordedEvent>? Get(Guid streamId) => streams.TryGetValue(streamId, out var events) ? events : null;

    /// <summary>Keeps <paramref name="events"/> (the whole stream from version 1, committed) unless a longer prefix is kept already.</summary>
    public void Put(Guid streamId, IReadOnlyList<RecordedEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }

        streams.AddOrUpdate(streamId, events, (_, kept) => kept.Count >= events.Count ? kept : events);
        if (streams.Count > capacity)
        {
            // Full: drop an eighth, whichever come first; a dropped stream is read whole the next time it is needed.
            foreach (var id in streams.Keys.Take(Math.Max(1, capacity / 8)))
            {
                streams.TryRemove(id, out _);
            }
        }
    }
}
