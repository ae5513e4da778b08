namespace TrialStartup.Data.Webhooks;

/// <summary>
/// One event to post to one subscription: written with the outbox row it comes from being marked sent, so none is lost
/// or written twice, then attempted until the endpoint answers 2xx, the retries run out, or someone redelivers it.
/// </summary>
public sealed class WebhookDelivery
{
    private WebhookDelivery()
    {
    }

    public WebhookDelivery(Guid id, Guid subscriptionId, string webhookId, string eventType, string payload, DateTimeOffset occurredAt,
        DateTimeOffset createdAt)
    {
        Id = id;
        SubscriptionId = subscriptionId;
        WebhookId = webhookId;
        EventType = eventType;
        Payload = payload;
        OccurredAt = occurredAt;
        CreatedAt = createdAt;
        RetryingSince = createdAt;
        NextAttemptAt = createdAt;
    }

    public Guid Id { get; private set; }

    public Guid SubscriptionId { get; private set; }

    /// <summary>The <c>webhook-id</c> header: the event's, the same on every attempt and for every subscriber, so receivers drop repeats by it.</summary>
    public string WebhookId { get; private set; } = "";

    public string EventType { get; private set; } = "";

    /// <summary>The JSON body posted, exactly as signed.</summary>
    public string Payload { get; private set; } = "";

    /// <summary>When the event happened (the product's clock).</summary>
    public DateTimeOffset OccurredAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary><see cref="WebhookDeliveryStates"/>.</summary>
    public string State { get; private set; } = WebhookDeliveryStates.Pending;

    /// <summary>Every attempt so far, redeliveries included.</summary>
    public int Attempts { get; private set; }

    /// <summary>Failed attempts since it was queued (or queued again): what the backoff doubles on.</summary>
    public int Retries { get; private set; }

    /// <summary>Since when it has been queued: a delivery failing for longer than the installation allows is given up.</summary>
    public DateTimeOffset RetryingSince { get; private set; }

    /// <summary>When the next attempt is due, while pending.</summary>
    public DateTimeOffset? NextAttemptAt { get; private set; }

    public DateTimeOffset? LastAttemptAt { get; private set; }

    /// <summary>The HTTP status of the last attempt, if the endpoint answered.</summary>
    public int? LastStatusCode { get; private set; }

    /// <summary>Why the last attempt failed, in a line.</summary>
    public string? LastError { get; private set; }

    public DateTimeOffset? DeliveredAt { get; private set; }

    /// <summary>Records an attempt that the endpoint took (2xx).</summary>
    public void Delivered(DateTimeOffset at, int statusCode)
    {
        Attempts++;
        LastAttemptAt = at;
        LastStatusCode = statusCode;
        LastError = null;
        DeliveredAt = at;
        NextAttemptAt = null;
        State = WebhookDeliveryStates.Delivered;
    }

    /// <summary>Records a failed attempt: tried again at <paramref name="retryAt"/>, or given up when that is null.</summary>
    public void AttemptFailed(DateTimeOffset at, int? statusCode, string error, DateTimeOffset? retryAt)
    {
        Attempts++;
        Retries++;
        LastAttemptAt = at;
        LastStatusCode = statusCode;
        LastError = error.Length > 400 ? error[..400] : error;
        NextAttemptAt = retryAt;
        State = retryAt is null ? WebhookDeliveryStates.Failed : WebhookDeliveryStates.Pending;
    }

    /// <summary>Queues it again at once (a manual redelivery), whatever became of it.</summary>
    public void Redeliver(DateTimeOffset at)
    {
        State = WebhookDeliveryStates.Pending;
        NextAttemptAt = at;
        RetryingSince = at;
        Retries = 0;
    }
}

/// <summary>Where a delivery stands.</summary>
public static class WebhookDeliveryStates
{
    /// <summary>Waiting for its next attempt.</summary>
    public const string Pending = "pending";

    /// <summary>The endpoint answered 2xx.</summary>
    public const string Delivered = "delivered";

    /// <summary>Retries ran out; only a redelivery sends it again.</summary>
    public const string Failed = "failed";
}
