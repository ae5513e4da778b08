namespace TrialStartup.Data.Inbox;

/// <summary>
/// A message a consumer has handled, written in the same transaction as what handling it changed, so a message
/// delivered twice (a redelivery after a lost acknowledgement, a republished outbox row) changes state once.
/// </summary>
public sealed class InboxMessage
{
    private InboxMessage()
    {
    }

    public InboxMessage(string consumer, Guid messageId, DateTimeOffset handledAt, string result)
    {
        Consumer = consumer;
        MessageId = messageId;
        HandledAt = handledAt;
        Result = result;
    }

    /// <summary>The consumer (one message may be handled by several different consumers, once each).</summary>
    public string Consumer { get; private set; } = "";

    public Guid MessageId { get; private set; }

    public DateTimeOffset HandledAt { get; private set; }

    /// <summary>accepted, repeat, or the refusal code: what the first handling did.</summary>
    public string Result { get; private set; } = "";

    public void RecordResult(string result) => Result = result;
}
