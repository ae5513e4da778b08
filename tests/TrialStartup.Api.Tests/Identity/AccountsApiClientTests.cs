namespace TrialStartup.Api.Tests.Identity.Accounts;

using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Workflows.Definitions;
using static TrialStartup.Api.Tests.Identity.Accounts.AccountSteps;

/// <summary>A sponsor's or institution's system calling the API with its client credentials.</summary>
[Collection(AccountsCollection.Name)]
public sealed class AccountsApiClientTests(AccountsHosts hosts)
{
    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task ApiClient_OfASponsor_GetsTokensThatSeeOnlyItsOwnTrials_UntilRevoked(string database)
    {
        var api = hosts.For(database);
        var admin = await DemoAdminAsync(api, DemoIds.Sponsor);

        var created = await PostAsync(admin, "/api/v1/organisation/api-clients", new { name = "Demo Pharma CTMS", roles = new[] { Roles.Sponsor } });

        await Expect.StatusAsync(created, HttpStatusCode.Created);
        var body = await created.JsonAsync();
        var clientId = body.GetProperty("client").Text("clientId");
        var secret = body.Text("clientSecret");
        Assert.StartsWith("demo-pharma-", clientId, StringComparison.Ordinal);
        Assert.True(secret.Length >= 40, $"a secret of 256 random bits, not '{secret}'");
        Assert.Equal("/connect/token", body.Text("tokenEndpoint"));
        Assert.Equal($"/api/v1/organisation/api-clients/{clientId}", created.Headers.Location?.OriginalString);
        Assert.Equal(("sponsor", "Demo Pharma CTMS"), (body.GetProperty("client").Joined("roles"), body.GetProperty("client").Text("name")));

        // Listed without its secret.
        var listResponse = await admin.GetAsync(U("/api/v1/organisation/api-clients"));
        await Expect.StatusAsync(listResponse, HttpStatusCode.OK);
        var listText = await listResponse.Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, listText, StringComparison.Ordinal);
        var listed = Assert.Single((await listResponse.JsonAsync()).EnumerateArray(), c => c.Text("clientId") == clientId);
        Assert.False(listed.TryGetProperty("clientSecret", out _));
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("revokedAt").ValueKind);

        // Its tokens act for the sponsor, as a system.
        var (tokenResponse, token) = await ClientCredentialsAsync(api, clientId, secret);
        Assert.True(tokenResponse.IsSuccessStatusCode, token.ToString());
        var system = api.ClientWithToken(token.Text("access_token"));
        var me = await MeAsync(system);
        Assert.Equal((clientId, "Demo Pharma CTMS", DemoSeed.Sponsor.Id, "sponsor"),
            (me.Text("id"), me.Text("name"), me.GetProperty("organisationId").GetGuid(), me.Joined("roles")));
        var trials = await GetJsonAsync(system, "/api/v1/trials?pageSize=100");
        Assert.Contains(trials.GetProperty("items").EnumerateArray(), t => t.GetProperty("id").GetGuid() == DemoSeed.TrialId);
        await Expect.StatusAsync(await system.GetAsync(U($"/api/v1/trials/{DemoSeed.TrialId}")), HttpStatusCode.OK);

        // Another sponsor's system does not see it.
        var (otherId, otherSecret) = await CreateApiClientAsync(await DemoAdminAsync(api, DemoIds.OtherSponsor), "Other CRO EDC", Roles.Sponsor);
        var (otherResponse, otherToken) = await ClientCredentialsAsync(api, otherId, otherSecret);
        Assert.True(otherResponse.IsSuccessStatusCode, otherToken.ToString());
        var other = api.ClientWithToken(otherToken.Text("access_token"));
        await Expect.ProblemAsync(await other.GetAsync(U($"/api/v1/trials/{DemoSeed.TrialId}")), HttpStatusCode.NotFound, "not-found");
        Assert.DoesNotContain((await GetJsonAsync(other, "/api/v1/trials?pageSize=100")).GetProperty("items").EnumerateArray(),
            t => t.GetProperty("id").GetGuid() == DemoSeed.TrialId);

        // A wrong secret, or another client's, gets nothing.
        var (wrong, wrongBody) = await ClientCredentialsAsync(api, clientId, secret[..^2] + (secret[^2..] == "AA" ? "BB" : "AA"));
        OAuthError(wrong, wrongBody, "invalid_client");
        var (swapped, swappedBody) = await ClientCredentialsAsync(api, clientId, otherSecret);
        OAuthError(swapped, swappedBody, "invalid_client");

        // Revoked: no new token.
        await Expect.StatusAsync(await admin.DeleteAsync(U($"/api/v1/organisation/api-clients/{clientId}")), HttpStatusCode.NoContent);
        var (revoked, revokedBody) = await ClientCredentialsAsync(api, clientId, secret);
        OAuthError(revoked, revokedBody, "invalid_client");
        var afterRevoke = Assert.Single((await GetJsonAsync(admin, "/api/v1/organisation/api-clients")).EnumerateArray(), c => c.Text("clientId") == clientId);
        Assert.NotEqual(JsonValueKind.Null, afterRevoke.GetProperty("revokedAt").ValueKind);
        await Expect.StatusAsync(await admin.DeleteAsync(U($"/api/v1/organisation/api-clients/{clientId}")), HttpStatusCode.NoContent); // idempotent
        var (stillWorks, stillWorksBody) = await ClientCredentialsAsync(api, otherId, otherSecret);
        Assert.True(stillWorks.IsSuccessStatusCode, stillWorksBody.ToString());
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task ApiClient_Secret_IsStoredOnlyAsAHash(string database)
    {
        var api = hosts.For(database);
        var (clientId, secret) = await CreateApiClientAsync(await DemoAdminAsync(api, DemoIds.Sponsor), "Hash check", Roles.Sponsor);

        var stored = await api.WithDbAsync(db => db.Set<OpenIddictEntityFrameworkCoreApplication<Guid>>().AsNoTracking()
            .Where(a => a.ClientId == clientId).Select(a => new { a.ClientSecret, a.ClientType }).SingleAsync());

        Assert.Equal("confidential", stored.ClientType);
        Assert.False(string.IsNullOrEmpty(stored.ClientSecret));
        Assert.NotEqual(secret, stored.ClientSecret);
        Assert.DoesNotContain(secret, stored.ClientSecret!, StringComparison.Ordinal);
        var apiClient = await api.WithDbAsync(db => db.ApiClients.AsNoTracking().SingleAsync(c => c.ClientId == clientId));
        Assert.Equal((DemoSeed.Sponsor.Id, "demo-pharma", "sponsor"), (apiClient.OrganisationId, apiClient.OrganisationCode, string.Join(",", apiClient.Roles)));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task OneTimeSecrets_AreNotKeptByTheIdempotencyStore_AndARetryDoesNotRepeatTheCommand(string database)
    {
        // The client secret, setup codes and authenticator keys are shown only in their answer and kept only as hashes
        // (ApiClientsApi, SetupCodes); a POST with Idempotency-Key must not leave them readable in its stored answer.
        var api = hosts.For(database);
        var platform = await PlatformAdminAsync(api);
        var admin = await DemoAdminAsync(api, DemoIds.OtherSponsor);
        var code = NewCode("leak");
        var secrets = new Dictionary<string, string>();

        var institution = await PostAsync(platform, "/api/v1/institutions", InstitutionBody(code, $"admin@{code}.test"));
        secrets["institution setup code"] = (await institution.JsonAsync()).GetProperty("administrator").Text("setupCode");
        var sponsorCode = NewCode("leak");
        var sponsor = await PostAsync(platform, "/api/v1/sponsors", SponsorBody(sponsorCode, $"admin@{sponsorCode}.test"));
        secrets["sponsor setup code"] = (await sponsor.JsonAsync()).GetProperty("administrator").Text("setupCode");
        var clientKey = Guid.NewGuid().ToString();
        var clientBody = new { name = $"Leak check {code}", roles = new[] { Roles.Sponsor } };
        var created = await PostAsync(admin, "/api/v1/organisation/api-clients", clientBody, clientKey);
        await Expect.StatusAsync(created, HttpStatusCode.Created);
        secrets["client secret"] = (await created.JsonAsync()).Text("clientSecret");
        var person = await InvitedPersonAsync(api, admin, DemoIds.OtherSponsor, Roles.Sponsor);
        var inviteBody = new { email = $"leak-{Guid.NewGuid():N}@other-cro.test", name = "Leak Check", roles = new[] { Roles.Sponsor } };
        var inviteKey = Guid.NewGuid().ToString();
        var invited = await PostAsync(admin, "/api/v1/organisation/people", inviteBody, inviteKey);
        await Expect.StatusAsync(invited, HttpStatusCode.Created);
        secrets["invitation setup code"] = (await invited.JsonAsync()).Text("setupCode");
        var reset = await PostAsync(admin, $"/api/v1/organisation/people/{person.Id}/password-reset", null);
        secrets["reset setup code"] = (await reset.JsonAsync()).Text("setupCode");
        var started = await PostAsync(await SignedInAsync(api, person.Email, PersonPassword), "/api/v1/me/authenticator", null);
        secrets["authenticator key"] = (await started.JsonAsync()).Text("sharedKey").Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

        var kept = await api.WithDbAsync(db => db.IdempotencyRecords.AsNoTracking().Select(r => r.ResponseBody).ToListAsync());

        Assert.All(secrets, secret => Assert.False(kept.Any(b => b.Contains(secret.Value, StringComparison.OrdinalIgnoreCase)),
            $"src bug (IdempotencyFilter): the {secret.Key} is stored in plain text in IdempotencyRecords.ResponseBody"));

        // A retry is told the command was carried out, and neither repeats it nor shows the secret.
        var retriedClient = await PostAsync(admin, "/api/v1/organisation/api-clients", clientBody, clientKey);
        var retriedInvite = await PostAsync(admin, "/api/v1/organisation/people", inviteBody, inviteKey);
        await Expect.ProblemAsync(retriedClient, HttpStatusCode.Conflict, "one-time-secret-not-replayed");
        await Expect.ProblemAsync(retriedInvite, HttpStatusCode.Conflict, "one-time-secret-not-replayed");
        Assert.Equal(1, await api.WithDbAsync(db => db.ApiClients.CountAsync(c => c.DisplayName == clientBody.name)));
        Assert.Equal(1, await api.WithDbAsync(db => db.Users.CountAsync(u => u.Email == inviteBody.email)));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task CreateApiClient_WithAdministrationOrForeignRolesOrNoName_Is400AndCreatesNothing(string database)
    {
        var api = hosts.For(database);
        var admin = await DemoAdminAsync(api, DemoIds.Sponsor);
        var before = await api.WithDbAsync(async db => (await db.ApiClients.CountAsync(), await db.Set<OpenIddictEntityFrameworkCoreApplication<Guid>>().CountAsync()));

        await InvalidAsync(await PostAsync(admin, "/api/v1/organisation/api-clients", new { name = "Root", roles = new[] { "org-admin" } }), "roles");
        await InvalidAsync(await PostAsync(admin, "/api/v1/organisation/api-clients", new { name = "Root", roles = new[] { Roles.Sponsor, "org-admin" } }), "roles");
        await InvalidAsync(await PostAsync(admin, "/api/v1/organisation/api-clients", new { name = "Site", roles = new[] { Roles.SiteOffice } }), "roles");
        await InvalidAsync(await PostAsync(admin, "/api/v1/organisation/api-clients", new { name = "None", roles = Array.Empty<string>() }), "roles");
        await InvalidAsync(await PostAsync(admin, "/api/v1/organisation/api-clients", new { name = " ", roles = new[] { Roles.Sponsor } }), "name");

        Assert.Equal(before, await api.WithDbAsync(async db => (await db.ApiClients.CountAsync(), await db.Set<OpenIddictEntityFrameworkCoreApplication<Guid>>().CountAsync())));
    }
}
