namespace TrialStartup.Data.Webhooks;

/// <summary>One try at posting a delivery: the delivery log a subscriber reads.</summary>
/// <param name="Id">The attempt.</param>
/// <param name="DeliveryId">Its delivery.</param>
/// <param name="Number">1 for the first attempt.</param>
/// <param name="At">When it was sent.</param>
/// <param name="StatusCode">The endpoint's HTTP status, if it answered.</param>
/// <param name="LatencyMilliseconds">From sending to the answer (or the failure).</param>
/// <param name="Error">Why it failed, when it did.</param>
public sealed record WebhookAttempt(Guid Id, Guid DeliveryId, int Number, DateTimeOffset At, int? StatusCode, int LatencyMilliseconds, string? Error);
