namespace TrialStartup.Messaging.Webhooks;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Data;
using TrialStartup.Data.Outbox;
using TrialStartup.Data.Webhooks;

/// <summary>
/// Turns a published outbox batch into webhook deliveries, which the dispatcher commits with the rows' being marked sent:
/// every event that left the outbox has its deliveries, once, and a crash before that commit publishes the batch again
/// and writes them then. An event goes to the subscriptions of the two organisations it concerns, the site's
/// institution and the trial's sponsor, and to no other.
/// </summary>
internal static class WebhookFanOut
{
    /// <summary>The deliveries <paramref name="outgoing"/> owes the enabled subscriptions, none already written.</summary>
    public static async Task<IReadOnlyList<WebhookDelivery>> DeliveriesAsync(TrialStartupDbContext db,
        IReadOnlyList<(OutboxMessage Row, IReadOnlyList<object> Messages)> outgoing, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Few rows (organisations' endpoints), read whole: which types each takes is filtered here, not in SQL.
        var subscriptions = await db.WebhookSubscriptions.AsNoTracking().Where(s => s.DisabledAt == null)
            .Select(s => new { s.Id, s.OrganisationId, s.EventTypes }).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (subscriptions.Count == 0)
        {
            return [];
        }

        var streams = outgoing.Select(o => o.Row.StreamId).Distinct().ToList();
        var owners = await db.SiteProjects.AsNoTracking().Where(p => streams.Contains(p.WorkflowInstanceId))
            .Select(p => new { p.WorkflowInstanceId, p.InstitutionId, p.SponsorId })
            .ToDictionaryAsync(p => p.WorkflowInstanceId, cancellationToken).ConfigureAwait(false);
        var deliveries = new List<WebhookDelivery>();
        foreach (var (row, messages) in outgoing)
        {
            if (!owners.TryGetValue(row.StreamId, out var owner))
            {
                continue; // an engine-only stream: no organisation to tell
            }

            for (var i = 0; i < messages.Count; i++)
            {
                foreach (var e in WebhookEvent.Of(messages[i]))
                {
                    // The same event has the same id for every subscriber and on every publication of its row.
                    var webhookId = "msg_" + MessageIds.Derive(row.Id, i, e.Type).ToString("N");
                    var payload = e.ToJson();
                    deliveries.AddRange(subscriptions
                        .Where(s => (s.OrganisationId == owner.InstitutionId || s.OrganisationId == owner.SponsorId) && s.EventTypes.Contains(e.Type))
                        .Select(s => new WebhookDelivery(Guid.CreateVersion7(now), s.Id, webhookId, e.Type, payload, e.Timestamp, now)));
                }
            }
        }

        if (deliveries.Count == 0)
        {
            return [];
        }

        // Written already if another host dispatched these rows after this one's lease ran out mid-batch.
        var ids = deliveries.Select(d => d.WebhookId).Distinct().ToList();
        var written = (await db.WebhookDeliveries.AsNoTracking().Where(d => ids.Contains(d.WebhookId))
            .Select(d => new { d.SubscriptionId, d.WebhookId }).ToListAsync(cancellationToken).ConfigureAwait(false))
            .Select(d => (d.SubscriptionId, d.WebhookId)).ToHashSet();
        return [.. deliveries.Where(d => !written.Contains((d.SubscriptionId, d.WebhookId)))];
    }
}
