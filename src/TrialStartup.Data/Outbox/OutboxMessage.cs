namespace TrialStartup.Data.Outbox;

/// <summary>
/// A message to publish, written in the same transaction as the events it reports, so a crash between commit and
/// publish loses nothing: the dispatcher publishes what is unsent and marks it sent.
/// </summary>
public sealed class OutboxMessage
{
    private OutboxMessage()
    {
    }

    public OutboxMessage(Guid id, Guid streamId, long streamVersion, Guid commandId, string type, string payload, DateTimeOffset occurredAt)
    {
        CommandId = commandId;
        Id = id;
        StreamId = streamId;
        StreamVersion = streamVersion;
        Type = type;
        Payload = payload;
        OccurredAt = occurredAt;
    }

    public Guid Id { get; private set; }

    public Guid StreamId { get; private set; }

    public long StreamVersion { get; private set; }

    /// <summary>The command that produced the event: the messages' correlation id.</summary>
    public Guid CommandId { get; private set; }

    public string Type { get; private set; } = "";

    public string Payload { get; private set; } = "";

    public DateTimeOffset OccurredAt { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }
}
