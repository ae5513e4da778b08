namespace TrialStartup.Messaging;

using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Data.Outbox;
using TrialStartup.Messaging.GreenChannel;
using TrialStartup.Messaging.Hosting;
using TrialStartup.Messaging.Outbox;
using TrialStartup.Messaging.Reviews;
using TrialStartup.Messaging.Webhooks;

/// <summary>
/// MassTransit for a TrialStartup host: the in-memory transport for the embedded default (one process, nothing to
/// install) or RabbitMQ (durable queues, publisher confirms); retries with back-off, then the endpoint's error queue.
/// </summary>
public static class MessagingServices
{
    /// <summary>Registers the bus, and the consumers and the outbox dispatcher as <paramref name="settings"/> say.</summary>
    public static IServiceCollection AddTrialStartupMessaging(this IServiceCollection services, TrialStartupOptions.MessagingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
        var transport = settings.Transport.ToLowerInvariant();
        if (transport is not ("inmemory" or "rabbitmq"))
        {
            throw new InvalidOperationException($"TrialStartup:Messaging:Transport '{settings.Transport}' is not supported: use inmemory or rabbitmq");
        }

        services.AddSingleton<OutboxWakeUp>();
        services.AddSingleton<IOutboxTranslation, OutboxTranslation>(); // the messages are built when a command appends
        services.AddSingleton<WebhookWakeUp>();
        services.AddSingleton<BusStarted>();
        services.AddBusObserver(sp => sp.GetRequiredService<BusStarted>());
        if (settings.RunOutboxDispatcher)
        {
            services.AddHostedService<OutboxDispatcher>();
        }

        services.AddMassTransit(bus =>
        {
            // MassTransit 8.4+ posts the bus's shape to usage-tracking.masstransit.io five minutes after start. A hospital's
            // installation sends nothing to third parties it did not choose (and often cannot reach them: the failure was
            // logged as a warning with a stack trace on every start).
            bus.ConfigureUsageTelemetryOptions(options => options.Enabled = false);
            bus.SetKebabCaseEndpointNameFormatter();
            if (settings.RunConsumers)
            {
                bus.AddConsumer<LeadSiteSignalledConsumer>();
                bus.AddConsumer<SiteStartupStartedConsumer>();
                bus.AddConsumer<DeliverLeadSignalConsumer>();
                bus.AddConsumer<RecordReviewDecisionConsumer>();
            }

            bus.AddConfigureEndpointsCallback((_, _, endpoint) =>
            {
                // Lost races and broker or database hiccups heal on retry; what still fails goes to the error queue.
                endpoint.UseMessageRetry(r => r.Exponential(8, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(10),
                    TimeSpan.FromMilliseconds(100)));
                endpoint.ConcurrentMessageLimit = settings.ConcurrentMessageLimit;
            });

            if (transport == "rabbitmq")
            {
                var rabbit = settings.RabbitMq;
                bus.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(rabbit.Host, (ushort)rabbit.Port, rabbit.VirtualHost, h =>
                    {
                        h.Username(rabbit.Username);
                        h.Password(rabbit.Password);
                        h.PublisherConfirmation = true;
                    });
                    cfg.Durable = true;
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                bus.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
            }
        });
        return services;
    }
}
