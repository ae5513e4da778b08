namespace TrialStartup.Api.Tests.Messaging;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Data.Outbox;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// A trial's messages leave in commit order (README, "Worker"), also when the dispatcher dies mid-batch and another
/// takes over. The trials here have one site each, so a trial is one workflow stream: the order the dispatcher keeps is
/// a stream's (it publishes different streams side by side).
/// </summary>
public sealed class OutboxOrderTests
{
    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task OutboxDispatcher_HolderKilledMidBatch_EachTrialsMessagesLeaveInCommitOrderAcrossTheTakeover(string database)
    {
        await using var api = OutboxTesting.HostWithoutDispatcher(database);
        var log = new PublicationLog();

        // Two trials decided in turn, each decision its own commit, a second apart; most write more than one row at once
        // (the intake opens three reviews). Nothing is dispatched yet, so one batch holds both streams interleaved.
        var first = await Journey.SubmittedSingleSiteAsync(api, DemoIds.Shanghai);
        api.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await Journey.SubmittedSingleSiteAsync(api, DemoIds.Alliance);
        (string Role, string Step, string Outcome)[] decisions =
        [
            (Roles.SiteOffice, "intake", "complete"),
            (Roles.ApprovalOffice, "institutional-approval", "approve"),
            (Roles.ContractOffice, "contract-review", "agreed"),
            (Roles.EthicsCommittee, "ethics-review", "approve"),
        ];
        foreach (var (role, step, outcome) in decisions)
        {
            foreach (var (project, institution) in new[] { (first, DemoIds.Shanghai), (second, DemoIds.Alliance) })
            {
                api.Clock.Advance(TimeSpan.FromSeconds(1));
                await Reviewing.DecideAsync(api, project, institution, role, step, outcome,
                    reviewType: role == Roles.EthicsCommittee ? "expedited" : null);
            }
        }

        // A last decision on the first trial by a host whose clock runs 3 s behind the others': its rows carry an earlier
        // time than the stream's previous commit, and still come after it.
        api.Clock.Advance(TimeSpan.FromSeconds(-3));
        await Reviewing.DecideAsync(api, first, DemoIds.Shanghai, Roles.ContractOffice, "contract-signing", "signed");
        api.Clock.Advance(TimeSpan.FromSeconds(3));

        var expected = await OutboxTesting.ExpectedAsync(api);
        var streams = expected.GroupBy(e => e.StreamId).ToList();
        Assert.Equal(2, streams.Count);

        // The holder dies halfway through the batch; the successor takes over once the lease has run out.
        await using var killed = new TestDispatcher(api, "killed", log);
        await using var successor = new TestDispatcher(api, "successor", log);
        killed.FreezeAtPublish(expected.Count / 2);
        await killed.StartAsync();
        await killed.Frozen.WaitAsync(TimeSpan.FromSeconds(20));
        await successor.StartAsync();
        api.Clock.Advance(TimeSpan.FromSeconds(31));
        await OutboxTesting.DrainedAsync(api, "the successor published the rest");
        Assert.NotEmpty(log.By("killed"));

        foreach (var stream in streams)
        {
            List<(Guid, Type)> inCommitOrder = [.. stream.Select(e => (e.MessageId, e.Type))];
            List<(Guid, Type)> Of(IEnumerable<Publication> publications) =>
                [.. publications.Where(p => stream.Any(e => e.MessageId == p.MessageId)).Select(p => (p.MessageId, p.Message.GetType()))];

            // The dead holder got the stream's first messages out, the successor all of them again from the first unmarked.
            var byKilled = Of(log.By("killed"));
            Assert.Equal(inCommitOrder.Take(byKilled.Count), byKilled);
            Assert.Equal(inCommitOrder, Of(log.By("successor")));

            // What a consumer with an inbox acts on, each message's first delivery whoever published it, comes in commit order.
            Assert.Equal(inCommitOrder, Of(log.All).Distinct());
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task OutboxDispatcher_BacklogWhoseBatchesEndInsideCommands_EachTrialsMessagesLeaveInCommitOrder(string database)
    {
        const int batchSize = 200; // the dispatcher's
        await using var api = OutboxTesting.HostWithoutDispatcher(database);
        var log = new PublicationLog();

        // Four trials, each submitted and then taken through intake, a command that writes four rows at one time.
        var intakesAt = new List<DateTimeOffset>();
        for (var i = 0; i < 4; i++)
        {
            api.Clock.Advance(TimeSpan.FromSeconds(1));
            var project = await Journey.SubmittedSingleSiteAsync(api, DemoIds.Shanghai);
            api.Clock.Advance(TimeSpan.FromSeconds(1));
            intakesAt.Add(api.Clock.GetUtcNow());
            await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.SiteOffice, "intake", "complete");
        }

        // A backlog (as after an outage) of an engine-only stream's rows, which publish nothing, placed just before each
        // intake so that a batch ends after the intake's first row: the next batch must hold the rest of it, not
        // whichever of its rows the batch's order happened to put first.
        var realAt = await api.WithDbAsync(db => db.Outbox.Select(m => m.OccurredAt).ToListAsync());
        var engineOnly = Guid.NewGuid();
        var filler = new List<OutboxMessage>();
        for (var k = 0; k < intakesAt.Count; k++)
        {
            var at = intakesAt[k] - TimeSpan.FromMilliseconds(500);
            for (var before = realAt.Count(t => t < intakesAt[k]) + filler.Count; before < (batchSize * (k + 1)) - 1; before++)
            {
                filler.Add(new OutboxMessage(Guid.CreateVersion7(at), engineOnly, filler.Count + 1, Guid.NewGuid(), "workflow-ended", "{}", at));
            }
        }

        await api.WithDbAsync(db =>
        {
            db.Outbox.AddRange(filler);
            return db.SaveChangesAsync();
        });
        var expected = await OutboxTesting.ExpectedAsync(api);

        await using var dispatcher = new TestDispatcher(api, "dispatcher", log);
        await dispatcher.StartAsync();
        await OutboxTesting.DrainedAsync(api, "the backlog published");

        foreach (var stream in expected.GroupBy(e => e.StreamId))
        {
            Assert.Equal(stream.Select(e => e.MessageId), log.All.Select(p => p.MessageId).Where(id => stream.Any(e => e.MessageId == id)));
        }
    }
}
