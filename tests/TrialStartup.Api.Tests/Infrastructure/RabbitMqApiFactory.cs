namespace TrialStartup.Api.Tests.Infrastructure;

using Microsoft.AspNetCore.Hosting;
using TrialStartup.Api.Tests.TestServers;

/// <summary>
/// The API host as one process of the scaled-out shape: PostgreSQL, RabbitMQ in its own virtual host, and neither
/// consumers nor outbox dispatcher of its own, so the Worker processes beside it do all the messaging.
/// </summary>
public sealed class RabbitMqApiFactory(string postgresConnectionString, string virtualHost) : ApiFactory("postgres", postgresConnectionString)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in MessagingSettings(virtualHost))
        {
            builder.UseSetting(key.Replace("__", ":", StringComparison.Ordinal), value);
        }

        builder.UseSetting("TrialStartup:Messaging:RunConsumers", "false");
        builder.UseSetting("TrialStartup:Messaging:RunOutboxDispatcher", "false");
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
