namespace TrialStartup.Data.Telemetry;

using System.Diagnostics;
using System.Diagnostics.Metrics;
using TrialStartup.Workflows.Runtime;

/// <summary>
/// The product's own metrics and traces, beside what ASP.NET Core, HttpClient, Npgsql and MassTransit report: what an
/// operator watches to know the start-up work is flowing. Every instrument lives here, under one name
/// (<see cref="Name"/>) that the hosts' telemetry listens to. Recording costs next to nothing while nobody listens.
/// </summary>
public static class ProductTelemetry
{
    /// <summary>The meter's and the activity source's name.</summary>
    public const string Name = "TrialStartup";

    private static readonly Meter Meter = new(Name);

    /// <summary>Spans of the product's own background work (a deadline firing, an outbox batch).</summary>
    public static readonly ActivitySource Activities = new(Name);

    private static readonly Counter<long> Commands = Meter.CreateCounter<long>("trialstartup.commands", "{command}",
        "Commands run on site projects, by action and result (accepted, repeat, refused, conflict) and refusal code.");

    private static readonly Histogram<double> OutboxLag = Meter.CreateHistogram<double>("trialstartup.outbox.lag", "s",
        "From a message's command to its publication on the bus.");

    private static readonly Histogram<double> DeadlineFiringLag = Meter.CreateHistogram<double>("trialstartup.deadlines.firing_lag", "s",
        "From a turnaround deadline falling due to its timer firing.");

    private static readonly Counter<long> WebhookAttempts = Meter.CreateCounter<long>("trialstartup.webhooks.attempts", "{attempt}",
        "Webhook delivery attempts, by event type and result (delivered, failed).");

    private static readonly Histogram<double> WebhookLatency = Meter.CreateHistogram<double>("trialstartup.webhooks.latency", "s",
        "How long subscribers' endpoints took to answer a delivery (or to fail).");

    /// <summary>Counts a command's result: <c>action</c>, <c>result</c> and, when refused or in conflict, <c>code</c>.</summary>
    public static void CommandRun(string action, CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var outcome = result.IsRepeat ? "repeat" : result.Status switch
        {
            CommandStatus.Accepted => "accepted",
            CommandStatus.Refused => "refused",
            _ => "conflict",
        };
        Commands.Add(1, new("action", action), new("result", outcome), new("code", result.Refusal?.Code ?? ""));
    }

    /// <summary>Records how long a message waited in the outbox, from its command to its publication.</summary>
    public static void MessagePublished(DateTimeOffset occurredAt, DateTimeOffset publishedAt) =>
        OutboxLag.Record(Math.Max(0, (publishedAt - occurredAt).TotalSeconds));

    /// <summary>Records how late a deadline fired, by its kind (warning or breach).</summary>
    public static void DeadlineFired(string kind, DateTimeOffset dueAt, DateTimeOffset firedAt) =>
        DeadlineFiringLag.Record(Math.Max(0, (firedAt - dueAt).TotalSeconds), new KeyValuePair<string, object?>("kind", kind));

    /// <summary>Counts a webhook delivery attempt and records its endpoint's latency.</summary>
    public static void WebhookAttempted(string eventType, bool delivered, TimeSpan latency)
    {
        var result = new KeyValuePair<string, object?>("result", delivered ? "delivered" : "failed");
        WebhookAttempts.Add(1, new KeyValuePair<string, object?>("type", eventType), result);
        WebhookLatency.Record(latency.TotalSeconds, result);
    }
}
