namespace TrialStartup.Messaging.Webhooks;

using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Messaging.Hosting;

/// <summary>Webhook deliveries for a TrialStartup host (the outbox dispatcher writes them; the sender posts them).</summary>
public static class WebhookServices
{
    /// <summary>Runs the sender in this host when <paramref name="settings"/> say so.</summary>
    public static IServiceCollection AddTrialStartupWebhooks(this IServiceCollection services, TrialStartupOptions.WebhookSettings settings)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.RunSender)
        {
            services.AddHostedService<WebhookSender>();
        }

        return services;
    }
}
