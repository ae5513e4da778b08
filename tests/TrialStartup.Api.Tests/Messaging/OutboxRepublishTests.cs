namespace TrialStartup.Api.Tests.Messaging;

using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Contracts.GreenChannel;
using TrialStartup.Contracts.Reviews;
using TrialStartup.Contracts.Sites;
using TrialStartup.Messaging.GreenChannel;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// A crash between publish and mark publishes again, with the same message ids, and the consumers' inbox drops the
/// duplicate: at-least-once publishing, exactly-once effect (README, "Messages between institutions").
/// </summary>
public sealed class OutboxRepublishTests
{
    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task OutboxDispatcher_KilledAfterPublishingBeforeMarking_NextOneRepublishesSameIdsAndInboxChangesStateOnce(string database)
    {
        await using var api = OutboxTesting.HostWithoutDispatcher(database);
        var log = new PublicationLog();
        using var probe = new BusProbe(api.Services.GetRequiredService<IBus>());
        var trial = await Journey.CreateTrialAsync(api, multiCenter: true);
        var lead = await Journey.SubmittedSiteAsync(api, trial, DemoIds.Lead);
        var alliance = await Journey.SubmittedSiteAsync(api, trial, DemoIds.Alliance);
        await Reviewing.DecideAsync(api, alliance, DemoIds.Alliance, Roles.SiteOffice, "intake", "complete");
        await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.SiteOffice, "intake", "complete");

        // The set-up's messages leave first, through a dispatcher stopped cleanly (it gives the lease up), and the sites'
        // starts are consumed: so the only way the lead's approval can reach the participant twice is the republish below
        // (a start consumed after the approval would deliver it once more by the catch-up).
        await using (var setUp = new TestDispatcher(api, "set-up", log))
        {
            await setUp.StartAsync();
            await OutboxTesting.DrainedAsync(api, "the set-up's messages sent");
            await Eventually.TrueAsync(() => Task.FromResult(probe.Consumed<SiteStartupStarted>().Count == 2), "both sites' starts consumed");
        }

        // Two commits of the lead's: its ethics approval (a signal for the participant), then, a second later, its contract review.
        await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.EthicsCommittee, "ethics-review", "approve", reviewType: "full-board");
        api.Clock.Advance(TimeSpan.FromSeconds(1));
        await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.ContractOffice, "contract-review", "agreed");

        // The dispatcher dies in the middle of the batch: the approval's messages are out, the review's is not, nothing is marked.
        await using var killed = new TestDispatcher(api, "killed", log);
        killed.FreezeWhen(m => m is ReviewDecisionRecorded);
        await killed.StartAsync();
        await killed.Frozen.WaitAsync(TimeSpan.FromSeconds(20));
        var before = log.By("killed");
        var signalled = Assert.Single(before.Select(p => p.Message).OfType<LeadSiteSignalled>());
        Assert.Contains(before, p => p.Message is EthicsDecisionRecorded);
        var rowIds = before.Select(p => p.MessageId).ToList(); // each is its row's first (and only) message
        Assert.Equal((rowIds.Count, 0), await api.WithDbAsync(async db =>
            (await db.Outbox.CountAsync(m => rowIds.Contains(m.Id)), await db.Outbox.CountAsync(m => rowIds.Contains(m.Id) && m.SentAt != null))));

        // The participant acted on the first publication.
        await Eventually.TrueAsync(async () => GreenChannelTests.SignalsReceived(await Journey.DetailAsync(api, alliance, DemoIds.Alliance)).Count == 1,
            "the participant received the lead's approval");
        var allianceVersion = await Reviewing.VersionAsync(api, alliance, DemoIds.Alliance);

        // Another dispatcher (a restarted process is one too: a new holder) takes the lease once the dead one's has run
        // out (30 s on the test's clock; OutboxLeaseTests times it) and publishes everything unmarked again.
        await using var next = new TestDispatcher(api, "next", log);
        await next.StartAsync();
        api.Clock.Advance(TimeSpan.FromSeconds(31));
        await OutboxTesting.DrainedAsync(api, "the next dispatcher published what the killed one left unmarked");

        var again = log.By("next");
        Assert.All(before, p => Assert.Contains(again, r => r.MessageId == p.MessageId && r.Message.GetType() == p.Message.GetType()));
        Assert.Equal(signalled, Assert.Single(again.Select(r => r.Message).OfType<LeadSiteSignalled>()));
        Assert.Contains(again, r => r.Message is ReviewDecisionRecorded); // and what the killed one never got out

        // The duplicate reached the participant's consumer, whose inbox dropped it: its state changed once.
        await Eventually.TrueAsync(() => Task.FromResult(probe.Consumed<DeliverLeadSignal>()
                .Count(d => d.SiteProjectId == alliance && d.Reference == signalled.Reference) >= 2),
            "the republished approval delivered to the participant a second time");
        var allianceInstance = await api.WithDbAsync(async db => (await db.SiteProjects.FindAsync(alliance))!.WorkflowInstanceId);
        var receipt = LeadSignalDelivery.MessageId(allianceInstance, signalled.Reference);
        Assert.Equal(1, await api.WithDbAsync(db => db.Inbox.CountAsync(m => m.Consumer == DeliverLeadSignalConsumer.Name && m.MessageId == receipt)));
        Assert.Single(GreenChannelTests.SignalsReceived(await Journey.DetailAsync(api, alliance, DemoIds.Alliance)),
            s => s.Reference == signalled.Reference);
        Assert.Equal(allianceVersion, await Reviewing.VersionAsync(api, alliance, DemoIds.Alliance));
        Assert.Single(await Reviewing.AuditOfAsync(api, alliance, DemoIds.Alliance), e => e.Str("action") == DeliverLeadSignalConsumer.Name);
    }
}
