namespace TrialStartup.Api.Tests.Messaging;

using System.Text;
using RabbitMQ.Client;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.TestServers;

/// <summary>On RabbitMQ, a message no consumer can read is moved to the endpoint's error queue, not retried forever or lost.</summary>
[Collection(RabbitMqServer.BrokerCollection)]
public sealed class PoisonMessageTests
{
    [RabbitMqAndPostgresFact]
    public async Task UnreadableDecision_OnRabbitMq_LandsInTheErrorQueueAndChangesNothing()
    {
        var virtualHost = RabbitMqServer.CreateVirtualHost("ts-poison");
        try
        {
            await using var api = new RabbitMqApiFactory(PostgresServer.CreateDatabase("poison"), virtualHost, withConsumers: true);
            _ = api.Server;
            await Eventually.TrueAsync(() => Task.FromResult(RabbitMqServer.ConsumersPerQueue(virtualHost).GetValueOrDefault("record-review-decision") > 0),
                "the decision consumer listening");
            var auditBefore = await api.WithDbAsync(db => Task.FromResult(db.Audit.Count()));

            var server = RabbitMqServer.Server!;
            var factory = new ConnectionFactory
            {
                HostName = server.Host, Port = server.Port, VirtualHost = virtualHost, UserName = server.Username, Password = server.Password,
            };
            await using (var connection = await factory.CreateConnectionAsync())
            await using (var channel = await connection.CreateChannelAsync())
            {
                var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", MessageId = Guid.NewGuid().ToString(), Persistent = true };
                await channel.BasicPublishAsync("TrialStartup.Contracts.Reviews:RecordReviewDecision", "", mandatory: false, properties,
                    Encoding.UTF8.GetBytes("{ this is not a decision"));
            }

            await Eventually.TrueAsync(() => Task.FromResult(RabbitMqServer.MessagesIn(virtualHost, "record-review-decision_error") > 0),
                "the message in the endpoint's error queue");

            // The wait saw it arrive; it arrived once (not a copy per retry), and its failure changed nothing.
            Assert.Equal(1, RabbitMqServer.MessagesIn(virtualHost, "record-review-decision_error"));
            Assert.Equal(auditBefore, await api.WithDbAsync(db => Task.FromResult(db.Audit.Count())));
        }
        finally
        {
            RabbitMqServer.DeleteVirtualHost(virtualHost);
        }
    }
}
