namespace TrialStartup.Data.Events;

/// <summary>
/// One event of a workflow instance's stream. The unique (stream, version) key is the optimistic concurrency check
/// on every provider: two writers appending the same version cannot both commit.
/// </summary>
/// <remarks>
/// Each event carries <see cref="Hash"/>, a link of its stream's hash chain (<see cref="EventChain"/>), so that a row
/// changed, removed or reordered with SQL is found by <see cref="Chains.ChainVerifier"/>. There is one chain per stream,
/// not one for the whole table: the link of version n depends only on version n-1 of the same stream, and that pair is
/// exactly what the (stream, version) key already arbitrates. Two writers that link to the same head both try to insert
/// the same version and the key lets one commit; writers on different streams never wait for each other. A global
/// chain would make every append in the installation wait for one head. So appends stay concurrent and exactly-once.
/// </remarks>
public sealed class StoredEvent
{
    private StoredEvent()
    {
    }

    /// <param name="previousHash">
    /// The hash of the stream's previous event (<see cref="EventChain.Genesis"/> for version 1), or null when that event
    /// was written before the chains and is not chained yet: this one is then chained by the backfill too.
    /// </param>
    public StoredEvent(Guid streamId, long version, Guid commandId, string type, string data, DateTimeOffset recordedAt, string? previousHash)
    {
        StreamId = streamId;
        Version = version;
        CommandId = commandId;
        Type = type;
        Data = data;
        RecordedAt = recordedAt;
        if (previousHash is not null)
        {
            Chain(previousHash);
        }
    }

    public Guid StreamId { get; private set; }

    public long Version { get; private set; }

    public Guid CommandId { get; private set; }

    /// <summary>The event's stable alias (see <c>WorkflowEventJson</c>), never a CLR type name.</summary>
    public string Type { get; private set; } = "";

    /// <summary>The event as JSON, alias included.</summary>
    public string Data { get; private set; } = "";

    public DateTimeOffset RecordedAt { get; private set; }

    /// <summary>
    /// The SHA-256 link of this event in its stream's chain, 64 lowercase hex characters; null only on a row written
    /// before the chains and not chained yet by <see cref="Chains.ChainBackfill"/>.
    /// </summary>
    public string? Hash { get; private set; }

    /// <summary>Links this event to <paramref name="previousHash"/>, the hash of the stream's previous event.</summary>
    public void Chain(string previousHash) => Hash = EventChain.Link(previousHash, this);
}
