namespace TrialStartup.Api.Tests.Infrastructure;

using Microsoft.AspNetCore.Hosting;
using TrialStartup.Api.Tests.TestServers;

/// <summary>
/// The API host on PostgreSQL and RabbitMQ (in a virtual host of its own). As one process of the scaled-out shape it
/// runs neither consumers nor outbox dispatcher (<paramref name="withConsumers"/> false): the Workers beside it do.
/// </summary>
public sealed class RabbitMqApiFactory(string postgresConnectionString, string virtualHost, bool withConsumers = false)
    : ApiFactory("postgres", postgresConnectionString)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in MessagingSettings(virtualHost))
        {
            builder.UseSetting(key.Replace("__", ":", StringComparison.Ordinal), value);
        }

        builder.UseSetting("TrialStartup:Messaging:RunConsumers", withConsumers ? "true" : "false");
        builder.UseSetting("TrialStartup:Messaging:RunOutboxDispatcher", withConsumers ? "true" : "false");
    }

    /// <summary>The broker settings every host of the test gets, as environment variables.</summary>
    internal static Dictionary<string, string> MessagingSettings(string virtualHost)
    {
        var server = RabbitMqServer.Server!;
        return new()
        {
            ["TrialStartup__Messaging__Transport"] = "rabbitmq",
            ["TrialStartup__Messaging__RabbitMq__Host"] = server.Host,
            ["TrialStartup__Messaging__RabbitMq__Port"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["TrialStartup__Messaging__RabbitMq__VirtualHost"] = virtualHost,
            ["TrialStartup__Messaging__RabbitMq__Username"] = server.Username,
            ["TrialStartup__Messaging__RabbitMq__Password"] = server.Password,
        };
    }
}
