namespace TrialStartup.Messaging.GreenChannel;

using MassTransit;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Contracts.GreenChannel;
using TrialStartup.Data;
using TrialStartup.Data.Trials;

/// <summary>
/// The green channel's fan-out: a lead site's signal (its ethics approval, the unified contract template, a later
/// suspension …) becomes one <see cref="DeliverLeadSignal"/> per participating site whose workflow has started, so the
/// sites advance in parallel on competing consumers. Sites that start later catch up in <see cref="SiteStartupStartedConsumer"/>.
/// </summary>
/// <param name="db">The consumer's context.</param>
internal sealed class LeadSiteSignalledConsumer(TrialStartupDbContext db) : IConsumer<LeadSiteSignalled>
{
    public async Task Consume(ConsumeContext<LeadSiteSignalled> context)
    {
        var signal = context.Message;
        var isLead = await db.SiteProjects.AsNoTracking()
            .AnyAsync(p => p.Id == signal.SiteProjectId && p.SiteRole == SiteRole.Lead, context.CancellationToken);
        if (!isLead)
        {
            return; // a single-site or participating project's signals concern nobody else
        }

        // The lead's event is committed (it came through the outbox) before this query runs, and a participant's
        // catch-up reads the lead's stream after its own start is committed: every participant is reached by one or both.
        var participants = await db.SiteProjects.AsNoTracking()
            .Where(p => p.TrialId == signal.TrialId && p.SiteRole == SiteRole.Participating && p.SubmittedAt != null)
            .Select(p => new { p.Id, p.WorkflowInstanceId })
            .ToListAsync(context.CancellationToken);
        await Task.WhenAll(participants.Select(p => LeadSignalDelivery.PublishAsync(context, new DeliverLeadSignal(signal.TrialId, p.Id,
            p.WorkflowInstanceId, signal.CorrelationId, signal.SiteProjectId, signal.Signal, signal.Reference, signal.PublishedAt),
            context.CancellationToken)));
    }
}
