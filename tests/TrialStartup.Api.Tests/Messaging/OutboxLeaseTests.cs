namespace TrialStartup.Api.Tests.Messaging;

using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.TestServers;

/// <summary>
/// One outbox dispatcher publishes at a time (a lease in the database), and another takes over within 30 s when its
/// holder dies (README, "Worker"). The dispatchers run on the host's manual clock, which is the time the lease is
/// counted in, so the test moves past the 30 s instead of waiting them out.
/// </summary>
public sealed class OutboxLeaseTests
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task OutboxLease_TwoDispatchersRunning_OnlyTheHolderPublishesAndItKeepsRenewing(string database)
    {
        await using var api = OutboxTesting.HostWithoutDispatcher(database);
        var log = new PublicationLog();
        await using var holder = new TestDispatcher(api, "holder", log);
        await using var other = new TestDispatcher(api, "other", log);

        // The holder's batches stay in flight for several of the other's polls, which would find the rows unsent.
        holder.SlowPublishesBy(TimeSpan.FromMilliseconds(250));
        await holder.StartAsync();
        await Eventually.TrueAsync(async () => await OutboxTesting.LeaseAsync(api) is not null, "the first dispatcher took the lease");
        await other.StartAsync();

        for (var i = 0; i < 3; i++)
        {
            await Journey.SubmittedSingleSiteAsync(api, DemoIds.Shanghai);
            await OutboxTesting.DrainedAsync(api, $"submission {i + 1} published");

            // 20 s on, the holder renews at its next poll; unrenewed, its lease would have run out at the second turn.
            api.Clock.Advance(TimeSpan.FromSeconds(20));
            var renewedUntil = api.Clock.GetUtcNow() + LeaseDuration;
            await Eventually.TrueAsync(async () => (await OutboxTesting.LeaseAsync(api))!.ExpiresAt == renewedUntil, "the lease renewed",
                TimeSpan.FromSeconds(20));
        }

        Assert.Empty(log.By("other"));
        var expected = await OutboxTesting.ExpectedAsync(api);
        Assert.Equal(expected.Select(e => e.MessageId).Order(), log.By("holder").Select(p => p.MessageId).Order());
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task OutboxLease_HolderKilledWithoutReleasing_OtherTakesOverOnlyAfterItExpiresAndWithinThirtySeconds(string database)
    {
        await using var api = OutboxTesting.HostWithoutDispatcher(database);
        var log = new PublicationLog();
        await using var killed = new TestDispatcher(api, "killed", log);
        await using var survivor = new TestDispatcher(api, "survivor", log);
        await killed.StartAsync();
        await Eventually.TrueAsync(async () => await OutboxTesting.LeaseAsync(api) is not null, "the first dispatcher took the lease");
        await survivor.StartAsync();

        // The holder dies as it starts publishing a batch: it took (renewed) the lease for it, and never comes back.
        killed.FreezeAtPublish(1);
        await Journey.SubmittedSingleSiteAsync(api, DemoIds.Shanghai);
        await killed.Frozen.WaitAsync(TimeSpan.FromSeconds(20));
        var diedAt = api.Clock.GetUtcNow();
        Assert.Equal(diedAt + LeaseDuration, (await OutboxTesting.LeaseAsync(api))!.ExpiresAt);
        var unsent = await OutboxTesting.UnsentAsync(api);
        Assert.True(unsent > 0, "the dead holder's batch is unsent");

        // 29 s later the lease still stands (a slow holder is not a dead one): the survivor, polling all along, keeps off.
        api.Clock.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(TestDispatcher.Poll * 10);
        Assert.Empty(log.All);
        Assert.Equal(unsent, await OutboxTesting.UnsentAsync(api));
        Assert.Equal(diedAt + LeaseDuration, (await OutboxTesting.LeaseAsync(api))!.ExpiresAt);

        // Past 30 s it has expired: with the clock standing at 31 s the survivor takes it over at a poll and publishes.
        api.Clock.Advance(TimeSpan.FromSeconds(2));
        await OutboxTesting.DrainedAsync(api, "the survivor took the lease over and published the dead holder's batch");
        Assert.Equal(diedAt + TimeSpan.FromSeconds(31) + LeaseDuration, (await OutboxTesting.LeaseAsync(api))!.ExpiresAt);
        Assert.Empty(log.By("killed"));
        var expected = await OutboxTesting.ExpectedAsync(api);
        Assert.Equal(expected.Select(e => e.MessageId).Order(), log.By("survivor").Select(p => p.MessageId).Order());
    }
}
