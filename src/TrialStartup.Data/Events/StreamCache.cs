namespace TrialStartup.Data.Events;

using System.Collections.Concurrent;
using TrialStartup.Workflows.Runtime;

/// <summary>
/// The streams this process read or wrote last. A command is decided on the cached copy without reading anything
/// (<see cref="EfEventStore.Cached"/>), and a read fetches only what was appended after it. Streams are append-only, so
/// a cached prefix never changes; what another writer (another request, another host) appended meanwhile makes the
/// copy lag, and then the (stream, version) key refuses the append of a decision made on it, after which the engine
/// reads the stream's tail and decides again; an answer that appends nothing (a refusal) is given only after that read.
/// The cache never holds an event that did not commit: it is filled after the commit. With the events it keeps the hash
/// of the last one, the head of the stream's chain, so that the next append links to it without reading it.
/// </summary>
/// <param name="capacity">
/// How many streams are kept. A started project's stream is about 50 events (a few tens of kilobytes deserialized);
/// the default keeps the projects a busy institution network works on at once in well under 100 MB.
/// </param>
public sealed class StreamCache(int capacity = StreamCache.DefaultCapacity)
{
    /// <summary>The number of streams kept by default.</summary>
    public const int DefaultCapacity = 2_048;

    private readonly ConcurrentDictionary<Guid, Kept> streams = new();

    /// <summary>The stream's events as last seen by this process (a prefix of the stream), or null.</summary>
    public IReadOnlyList<RecordedEvent>? Get(Guid streamId) => streams.TryGetValue(streamId, out var kept) ? kept.Events : null;

    /// <summary>The hash of version <paramref name="version"/> when that is the last event kept of the stream, or null.</summary>
    public string? HeadHash(Guid streamId, long version) =>
        streams.TryGetValue(streamId, out var kept) && kept.Events.Count == version ? kept.HeadHash : null;

    /// <summary>
    /// Keeps <paramref name="events"/> (the whole stream from version 1, committed) and the hash of the last one (null
    /// when not known) unless a longer prefix is kept already.
    /// </summary>
    public void Put(Guid streamId, IReadOnlyList<RecordedEvent> events, string? headHash = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }

        var put = new Kept(events, headHash);
        streams.AddOrUpdate(streamId, put, (_, kept) =>
            kept.Events.Count > events.Count || (kept.Events.Count == events.Count && (kept.HeadHash is not null || headHash is null)) ? kept : put);
        if (streams.Count > capacity)
        {
            // Full: drop an eighth, whichever come first; a dropped stream is read whole the next time it is needed.
            foreach (var id in streams.Keys.Take(Math.Max(1, capacity / 8)))
            {
                streams.TryRemove(id, out _);
            }
        }
    }

    // The events and their head's hash replace each other together, so a hash is never paired with another version.
    private sealed record Kept(IReadOnlyList<RecordedEvent> Events, string? HeadHash);
}
