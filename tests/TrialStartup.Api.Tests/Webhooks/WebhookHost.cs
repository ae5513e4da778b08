namespace TrialStartup.Api.Tests.Webhooks;

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Data.Accounts;

/// <summary>
/// An API host whose webhook sender may call the test's loopback receiver over plain HTTP, with retries in fractions of
/// a second instead of seconds to an hour, so a test sees a day's schedule in moments.
/// </summary>
/// <param name="provider">The database provider.</param>
/// <param name="connectionString">The database, or null for a fresh SQLite one.</param>
/// <param name="disableAfter">How long deliveries may fail before the subscription is disabled.</param>
/// <param name="allowPrivateAddresses">Whether the sender may connect to internal addresses (the test's receiver is on loopback).</param>
internal sealed class WebhookHost(string provider, string? connectionString, TimeSpan disableAfter, bool allowPrivateAddresses = true)
    : ApiFactory(provider, connectionString)
{
    /// <summary>The first retry's wait; each retry doubles it up to <see cref="MaxRetryDelay"/>.</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(250);

    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(1);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("TrialStartup:Webhooks:AllowPrivateAddresses", allowPrivateAddresses ? "true" : "false");
        builder.UseSetting("TrialStartup:Webhooks:Timeout", "00:00:01");
        builder.UseSetting("TrialStartup:Webhooks:RequireHttps", "false");
        builder.UseSetting("TrialStartup:Webhooks:FirstRetryDelay", FirstRetryDelay.ToString("c", CultureInfo.InvariantCulture));
        builder.UseSetting("TrialStartup:Webhooks:MaxRetryDelay", MaxRetryDelay.ToString("c", CultureInfo.InvariantCulture));
        builder.UseSetting("TrialStartup:Webhooks:DisableAfter", disableAfter.ToString("c", CultureInfo.InvariantCulture));
        builder.UseSetting("TrialStartup:Webhooks:PollInterval", "00:00:00.050");
    }

    /// <summary>Subscribes <paramref name="organisation"/>'s endpoint to <paramref name="types"/>; returns its id and secret.</summary>
    public async Task<(Guid Id, string Secret)> SubscribeAsync(string organisation, string url, params string[] types)
    {
        var response = await ClientFor(organisation, AccountRoles.OrganisationAdministrator)
            .PostAsJsonAsync(new Uri("/api/v1/webhooks", UriKind.Relative), new { url, eventTypes = types, description = "test receiver" });
        await Infrastructure.Expect.StatusAsync(response, HttpStatusCode.Created);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("webhook").GetProperty("id").GetGuid(), body.GetProperty("secret").GetString()!);
    }
}
