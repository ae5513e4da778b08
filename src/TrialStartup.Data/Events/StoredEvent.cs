namespace TrialStartup.Data.Events;

/// <summary>
/// One event of a workflow instance's stream. The unique (stream, version) key is the optimistic concurrency check
/// on every provider: two writers appending the same version cannot both commit.
/// </summary>
public sealed class StoredEvent
{
    private StoredEvent()
    {
    }

    public StoredEvent(Guid streamId, long version, Guid commandId, string type, string data, DateTimeOffset recordedAt)
    {
        StreamId = streamId;
        Version = version;
        CommandId = commandId;
        Type = type;
        Data = data;
        RecordedAt = recordedAt;
    }

    public Guid StreamId { get; private set; }

    public long Version { get; private set; }

    public Guid CommandId { get; private set; }

    /// <summary>The event's stable alias (see <c>WorkflowEventJson</c>), never a CLR type name.</summary>
    public string Type { get; private set; } = "";

    /// <summary>The event as JSON, alias included.</summary>
    public string Data { get; private set; } = "";

    public DateTimeOffset RecordedAt { get; private set; }
}
