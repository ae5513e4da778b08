namespace TrialStartup.Api.Tests.Messaging;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.TestServers;

/// <summary>
/// On RabbitMQ, a broker that is away when the dispatcher publishes loses nothing: the rows stay unsent while it is
/// away and all leave, with their ids, once it is back. Stops the test node's broker, so it is in the broker collection.
/// </summary>
[Collection(RabbitMqServer.BrokerCollection)]
public sealed class OutboxBrokerOutageTests
{
    [RabbitMqTheory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task OutboxDispatcher_BrokerDownAtPublish_KeepsTheRowsAndPublishesThemAllOnceItIsBack(string database)
    {
        var virtualHost = RabbitMqServer.CreateVirtualHost("ts-outbox");
        try
        {
            var settings = RabbitMqApiFactory.MessagingSettings(virtualHost)
                .ToDictionary(s => s.Key.Replace("__", ":", StringComparison.Ordinal), s => s.Value);
            await using var api = OutboxTesting.HostWithoutDispatcher(database, settings);
            await api.ReadinessAsync(); // connected: the outage below drops a live connection
            var log = new PublicationLog();
            await using var dispatcher = new TestDispatcher(api, "dispatcher", log);
            await dispatcher.StartAsync();

            RabbitMqServer.StopBroker();
            try
            {
                // Committed while the broker is away: the dispatcher takes them up and its publish gives up (after 15 s).
                await Journey.SubmittedSingleSiteAsync(api, DemoIds.Shanghai);
                await Journey.SubmittedSingleSiteAsync(api, DemoIds.Alliance);
                await Eventually.TrueAsync(() => Task.FromResult(dispatcher.FailedPublishes > 0), "a publish failed for the broker's absence",
                    TimeSpan.FromSeconds(45));
                Assert.Empty(log.All);
                Assert.Equal(await api.WithDbAsync(db => db.Outbox.CountAsync()), await OutboxTesting.UnsentAsync(api)); // none marked
            }
            finally
            {
                RabbitMqServer.StartBroker();
            }

            // Publisher confirms are on: a publish the log holds is one the broker took. Every row's messages, with their ids.
            await Eventually.TrueAsync(async () => await OutboxTesting.UnsentAsync(api) == 0, "every row published once the broker was back",
                TimeSpan.FromSeconds(90));
            var expected = await OutboxTesting.ExpectedAsync(api);
            Assert.Equal(expected.Select(e => e.MessageId).Order(), log.All.Select(p => p.MessageId).Distinct().Order());
        }
        finally
        {
            RabbitMqServer.DeleteVirtualHost(virtualHost);
        }
    }
}
