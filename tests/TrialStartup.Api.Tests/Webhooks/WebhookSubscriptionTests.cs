namespace TrialStartup.Api.Tests.Webhooks;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.Tests.Browser;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Api.Webhooks;
using TrialStartup.Data.Accounts;
using TrialStartup.Messaging.Webhooks;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// Saving a subscription, on a host with the defaults (https only, no internal addresses): what is refused is refused
/// with the field and the reason and leaves nothing stored; only the organisation's administrator manages its own.
/// </summary>
public sealed class WebhookSubscriptionTests : IClassFixture<ApiFactory>
{
    private static readonly Uri Webhooks = new("/api/v1/webhooks", UriKind.Relative);
    private readonly ApiFactory _api;

    public WebhookSubscriptionTests(ApiFactory api) => _api = api;

    [Theory]
    [InlineData("https://127.0.0.1/hook", "internal address")]
    [InlineData("https://localhost:8443/hook", "internal address")]
    [InlineData("https://[::1]/hook", "internal address")]
    [InlineData("https://10.20.30.40/hook", "internal address")]
    [InlineData("https://172.16.0.9/hook", "internal address")]
    [InlineData("https://192.168.1.10/hook", "internal address")]
    [InlineData("https://169.254.169.254/latest/meta-data", "internal address")]
    [InlineData("https://100.64.0.1/hook", "internal address")]
    [InlineData("https://[fd00::1]/hook", "internal address")]
    [InlineData("https://[::ffff:10.0.0.1]/hook", "internal address")]
    [InlineData("http://93.184.215.14/hook", "must be https")]
    [InlineData("ftp://93.184.215.14/hook", "http or https")]
    [InlineData("https://user:secret@93.184.215.14/hook", "user name")]
    [InlineData("/relative/hook", "absolute")]
    public async Task AnAddressAWebhookMayNotCall_IsRefusedWhenSaved(string url, string reason)
    {
        var admin = _api.ClientFor(DemoIds.Lead, AccountRoles.OrganisationAdministrator);
        var response = await admin.PostAsJsonAsync(Webhooks, new { url, eventTypes = new[] { WebhookEventTypes.SiteActivated } });
        await Expect.StatusAsync(response, HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("url", problem.GetProperty("field").GetString());
        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await _api.WithDbAsync(db => db.WebhookSubscriptions.Where(s => s.Url == url).ToListAsync()));
    }

    [Fact]
    public async Task AnAdministrator_SubscribesAPublicAddress_SeesTheSecretOnce_AndNobodyElseSeesTheSubscription()
    {
        var admin = _api.ClientFor(DemoIds.Alliance, AccountRoles.OrganisationAdministrator);
        var response = await admin.PostAsJsonAsync(Webhooks,
            new { url = "https://93.184.215.14/trialstartup", eventTypes = new[] { WebhookEventTypes.StepOpened, WebhookEventTypes.DeadlineBreached } });
        await Expect.StatusAsync(response, HttpStatusCode.Created);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("whsec_", created.GetProperty("secret").GetString(), StringComparison.Ordinal);
        var id = created.GetProperty("webhook").GetProperty("id").GetGuid();
        var listed = (await admin.GetFromJsonAsync<JsonElement>(Webhooks)).EnumerateArray().Single(w => w.GetProperty("id").GetGuid() == id);
        Assert.False(listed.TryGetProperty("secret", out _));
        Assert.True(listed.GetProperty("enabled").GetBoolean());

        // Not the organisation's people without the administrator's role, and not another organisation's administrator.
        await Expect.StatusAsync(await _api.ClientFor(DemoIds.Alliance, Roles.SiteOffice).GetAsync(Webhooks), HttpStatusCode.Forbidden);
        var stranger = _api.ClientFor(DemoIds.Sponsor, AccountRoles.OrganisationAdministrator);
        await Expect.StatusAsync(await stranger.GetAsync(new Uri($"/api/v1/webhooks/{id}", UriKind.Relative)), HttpStatusCode.NotFound);
        await Expect.StatusAsync(await stranger.DeleteAsync(new Uri($"/api/v1/webhooks/{id}", UriKind.Relative)), HttpStatusCode.NotFound);
        Assert.DoesNotContain((await stranger.GetFromJsonAsync<JsonElement>(Webhooks)).EnumerateArray(), w => w.GetProperty("id").GetGuid() == id);

        // An unknown event type names itself; then the subscription is deleted, and audited.
        var unknown = await admin.PostAsJsonAsync(Webhooks, new { url = "https://93.184.215.14/x", eventTypes = new[] { "site.exploded" } });
        await Expect.StatusAsync(unknown, HttpStatusCode.BadRequest);
        Assert.Contains("site.exploded", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Expect.StatusAsync(await admin.DeleteAsync(new Uri($"/api/v1/webhooks/{id}", UriKind.Relative)), HttpStatusCode.NoContent);
        Assert.False(await _api.WithDbAsync(db => db.WebhookSubscriptions.AnyAsync(s => s.Id == id)));
        Assert.Equal(2, await _api.WithDbAsync(db => db.Audit.CountAsync(a => a.Action.EndsWith("-webhook") && a.Reason!.StartsWith(id.ToString()))));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task ManyCreatedAtOnce_TheLimitHolds_TheOthersAre409_AndNothingIsLoggedAsAWarning(string database)
    {
        await using var api = KestrelApiFactory.Start(database);
        var admin = api.ClientFor(DemoIds.Lead, AccountRoles.OrganisationAdministrator);
        var before = api.Log.Entries.Count;

        // Five more than the limit at once (a script run twice, retries), half with a key of their own, half without.
        var answers = await Task.WhenAll(Enumerable.Range(0, WebhooksApi.MaxPerOrganisation + 5).Select(i =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, Webhooks)
            {
                Content = JsonContent.Create(new { url = $"https://93.184.215.14/hook-{i}", eventTypes = new[] { WebhookEventTypes.SiteActivated } }),
            };
            if (i % 2 == 0)
            {
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            }

            return admin.SendAsync(request);
        }));

        Assert.Equal(WebhooksApi.MaxPerOrganisation, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
        {
            await Expect.ProblemAsync(refused, HttpStatusCode.Conflict, "too-many-webhooks");
        }

        Assert.Equal(WebhooksApi.MaxPerOrganisation, await api.WithDbAsync(db => db.WebhookSubscriptions.CountAsync(s => s.OrganisationId == DemoSeed.LeadHospital.Id)));
        Assert.Equal(WebhooksApi.MaxPerOrganisation, await api.WithDbAsync(db => db.Audit.CountAsync(a => a.Action == "create-webhook")));
        var logged = api.Log.Entries.Skip(before).ToList();
        Assert.True(!logged.Any(e => e.Level >= LogLevel.Warning), "warnings or errors: " + api.Log.Tail());
    }

    [Fact]
    public async Task ANullEventType_IsRefusedNamingTheField_AndStoresNothing()
    {
        const string url = "https://93.184.215.14/null-event-type";
        var admin = _api.ClientFor(DemoIds.Lead, AccountRoles.OrganisationAdministrator);

        var response = await admin.PostAsJsonAsync(Webhooks, new { url, eventTypes = new string?[] { WebhookEventTypes.SiteActivated, null } });

        var problem = await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "invalid-request");
        Assert.Equal("eventTypes", problem.GetProperty("field").GetString());
        Assert.Contains("not null", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await _api.WithDbAsync(db => db.WebhookSubscriptions.Where(s => s.Url == url).ToListAsync()));
    }

    [Fact]
    public async Task TheEventTypes_AreListed_WithWhatEachTells()
    {
        var types = await _api.ClientFor(DemoIds.Sponsor, Roles.Sponsor).GetFromJsonAsync<JsonElement>(new Uri("/api/v1/webhooks/event-types", UriKind.Relative));
        Assert.Equal(WebhookEventTypes.All.Keys, types.EnumerateArray().Select(t => t.GetProperty("type").GetString()));
        Assert.All(types.EnumerateArray(), t => Assert.False(string.IsNullOrWhiteSpace(t.GetProperty("description").GetString())));
    }
}
