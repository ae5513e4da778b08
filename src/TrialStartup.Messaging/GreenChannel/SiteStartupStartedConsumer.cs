namespace TrialStartup.Messaging.GreenChannel;

using MassTransit;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Contracts.GreenChannel;
using TrialStartup.Contracts.Sites;
using TrialStartup.Data;
using TrialStartup.Data.Trials;
using TrialStartup.Messaging.Outbox;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// Catch-up for a participating site that starts after the lead already published: it receives every signal the lead
/// has published so far, in the lead's order, exactly as the fan-out would have sent them.
/// </summary>
/// <param name="db">The consumer's context.</param>
internal sealed class SiteStartupStartedConsumer(TrialStartupDbContext db) : IConsumer<SiteStartupStarted>
{
    public async Task Consume(ConsumeContext<SiteStartupStarted> context)
    {
        var started = context.Message;
        if (started.SiteRole != SiteRole.Participating.Name())
        {
            return;
        }

        var lead = await db.SiteProjects.AsNoTracking()
            .Where(p => p.TrialId == started.TrialId && p.SiteRole == SiteRole.Lead)
            .Select(p => new { p.Id, p.WorkflowInstanceId })
            .FirstOrDefaultAsync(context.CancellationToken);
        if (lead is null)
        {
            return;
        }

        var stream = await db.Events.AsNoTracking().Where(e => e.StreamId == lead.WorkflowInstanceId).OrderBy(e => e.Version)
            .Select(e => new { e.Version, e.Data }).ToListAsync(context.CancellationToken);
        foreach (var e in stream)
        {
            if (WorkflowEventJson.Deserialize(e.Data) is SignalPublished published)
            {
                await LeadSignalDelivery.PublishAsync(context, new DeliverLeadSignal(started.TrialId, started.SiteProjectId,
                    started.WorkflowInstanceId, started.CorrelationId, lead.Id, published.Signal,
                    ContractMessages.LeadSignalReference(lead.WorkflowInstanceId, e.Version), published.At), context.CancellationToken);
            }
        }
    }
}
