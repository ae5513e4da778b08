namespace TrialStartup.Api.Webhooks;

using TrialStartup.Data.Webhooks;

/// <summary>Subscribes an endpoint of the organisation to events of its site projects or trials.</summary>
/// <param name="Url">The https address events are posted to.</param>
/// <param name="EventTypes">The event types it receives (<c>GET /api/v1/webhooks/event-types</c>).</param>
/// <param name="Description">What it is, for the people who look after it.</param>
public sealed record CreateWebhookRequest(string? Url = null, IReadOnlyList<string>? EventTypes = null, string? Description = null);

/// <summary>An event type one can subscribe to.</summary>
/// <param name="Type">Its name, as in the payload's <c>type</c>.</param>
/// <param name="Description">What it tells.</param>
public sealed record WebhookEventTypeView(string Type, string Description);

/// <summary>A webhook subscription of the caller's organisation; its secret is shown only when it is created.</summary>
/// <param name="Id">The subscription.</param>
/// <param name="Url">Where events are posted.</param>
/// <param name="EventTypes">What it receives.</param>
/// <param name="Description">What it is.</param>
/// <param name="Enabled">Whether deliveries are sent.</param>
/// <param name="DisabledReason"><c>disabled-by-administrator</c>, or <c>failing</c> when every delivery failed for a day.</param>
/// <param name="DisabledAt">When it was disabled.</param>
/// <param name="FailingSince">Since when every delivery has failed, while it does.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="CreatedBy">Who created it.</param>
public sealed record WebhookView(Guid Id, string Url, IReadOnlyList<string> EventTypes, string Description, bool Enabled, string? DisabledReason,
    DateTimeOffset? DisabledAt, DateTimeOffset? FailingSince, DateTimeOffset CreatedAt, string CreatedBy)
{
    internal static WebhookView From(WebhookSubscription s) =>
        new(s.Id, s.Url, s.EventTypes, s.Description, s.Enabled, s.DisabledReason, s.DisabledAt, s.FailingSince, s.CreatedAt, s.CreatedBy);
}

/// <summary>
/// A new subscription with its signing secret, shown only in this answer: verify each delivery's
/// <c>webhook-signature</c> with it (any Standard Webhooks library takes it as it is).
/// </summary>
/// <param name="Webhook">The subscription.</param>
/// <param name="Secret">The signing secret, <c>whsec_</c> and base64.</param>
public sealed record CreatedWebhookView(WebhookView Webhook, string Secret);

/// <summary>One event posted (or to post) to a subscription, with every attempt.</summary>
/// <param name="Id">The delivery.</param>
/// <param name="WebhookId">The <c>webhook-id</c> header: the same on every attempt; drop repeats by it.</param>
/// <param name="EventType">The event's type.</param>
/// <param name="OccurredAt">When the event happened.</param>
/// <param name="State"><c>pending</c>, <c>delivered</c> or <c>failed</c> (retries ran out; redeliver it to try again).</param>
/// <param name="Attempts">How many times it was posted.</param>
/// <param name="NextAttemptAt">When it is posted next, while pending.</param>
/// <param name="DeliveredAt">When the endpoint took it.</param>
/// <param name="LastStatusCode">The endpoint's last HTTP status, if it answered.</param>
/// <param name="LastError">Why the last attempt failed.</param>
/// <param name="Payload">The JSON body, as signed.</param>
/// <param name="AttemptLog">Each attempt: when, the status, how long it took, why it failed.</param>
public sealed record WebhookDeliveryView(Guid Id, string WebhookId, string EventType, DateTimeOffset OccurredAt, string State, int Attempts,
    DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt, int? LastStatusCode, string? LastError, string Payload,
    IReadOnlyList<WebhookAttemptView> AttemptLog)
{
    internal static WebhookDeliveryView From(WebhookDelivery d, IEnumerable<WebhookAttempt> attempts) =>
        new(d.Id, d.WebhookId, d.EventType, d.OccurredAt, d.State, d.Attempts, d.NextAttemptAt, d.DeliveredAt, d.LastStatusCode, d.LastError,
            d.Payload, [.. attempts.OrderBy(a => a.Number).Select(a => new WebhookAttemptView(a.Number, a.At, a.StatusCode, a.LatencyMilliseconds, a.Error))]);
}

/// <summary>One try at posting a delivery.</summary>
/// <param name="Number">1 for the first.</param>
/// <param name="At">When it was sent.</param>
/// <param name="StatusCode">The endpoint's HTTP status, if it answered.</param>
/// <param name="LatencyMilliseconds">How long the endpoint took.</param>
/// <param name="Error">Why it failed, when it did.</param>
public sealed record WebhookAttemptView(int Number, DateTimeOffset At, int? StatusCode, int LatencyMilliseconds, string? Error);
