namespace TrialStartup.Api.Tests.Identity;

using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Data.Accounts;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// A deployment with its own OpenID Connect provider: the API reads the provider's discovery document and keys over
/// HTTP, accepts its tokens and no one else's, maps its claims to TrialStartup's (the organisation looked up by code),
/// and asks for a recent sign-in at the provider before a decision is signed.
/// </summary>
public sealed class ExternalProviderTests(ExternalProviderHost host) : IClassFixture<ExternalProviderHost>
{
    private static readonly string[] SponsorRole = [Roles.Sponsor];

    [Fact]
    public async Task ProviderToken_OfTheSponsor_IsMappedToItsOrganisationAndReadsItsOwnTrialOnly()
    {
        var token = host.TokenFor(DemoIds.Sponsor, SponsorRole, subject: "ext-sponsor-1", name: "Wang Fang");

        var me = await host.GetJsonAsync(token, "/api/v1/me");
        var trial = await host.Client(token).GetAsync(new Uri($"/api/v1/trials/{DemoIds.TrialId}", UriKind.Relative));

        // The organisation's id and kind are TrialStartup's, found by the code the provider sent.
        Assert.Equal(("ext-sponsor-1", "Wang Fang", DemoSeed.Sponsor.Id, "sponsor", DemoIds.Sponsor),
            (me.Str("id"), me.Str("name"), me.GetProperty("organisationId").GetGuid(), me.Str("organisationType"), me.Str("organisationCode")));
        Assert.Equal([Roles.Sponsor], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        await Expect.StatusAsync(trial, HttpStatusCode.OK);
        Assert.Equal(DemoIds.TrialId, (await trial.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        Assert.True(host.Provider.DiscoveryReads > 0 && host.Provider.KeyReads > 0, "the API read the provider's discovery document and keys");

        // The same shape of token for another sponsor: accepted, but the demo trial is not its own.
        var other = host.TokenFor(DemoIds.OtherSponsor, SponsorRole);
        var otherMe = await host.GetJsonAsync(other, "/api/v1/me");
        var otherTrial = await host.Client(other).GetAsync(new Uri($"/api/v1/trials/{DemoIds.TrialId}", UriKind.Relative));

        Assert.Equal(DemoSeed.OtherSponsor.Id, otherMe.GetProperty("organisationId").GetGuid());
        await Expect.ProblemAsync(otherTrial, HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task ProviderToken_OfAnEthicsSecretary_ActsForTheCommittee()
    {
        var token = host.TokenFor(DemoIds.Lead, [AccountRoles.EthicsSecretary]);

        var me = await host.GetJsonAsync(token, "/api/v1/me");

        // Workflow steps name the committee; the secretary records its decisions, so the token gains its role.
        Assert.Equal([Roles.EthicsCommittee, AccountRoles.EthicsSecretary],
            me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Order(StringComparer.Ordinal));
        Assert.Equal((DemoSeed.LeadHospital.Id, "institution"), (me.GetProperty("organisationId").GetGuid(), me.Str("organisationType")));
    }

    [Fact]
    public async Task Token_SignedWithAnotherKeyUnderAnUnknownIssuer_Is401()
    {
        using var rsa = RSA.Create(2048);
        var now = ExternalProviderHost.ProviderNow;
        var token = host.Provider.Mint(ExternalProviderHost.Claims(DemoIds.Sponsor, SponsorRole), now, TimeSpan.FromHours(1), now,
            issuer: "http://127.0.0.1:1/impostor", signingKey: new RsaSecurityKey(rsa) { KeyId = "impostor" });

        await ExpectUnauthenticatedAsync(token);
    }

    [Fact]
    public async Task Token_UnderTheProvidersIssuerSignedWithAnotherKey_Is401()
    {
        // The issuer string is public: only the key published in the provider's JWKS proves a token is the provider's.
        using var rsa = RSA.Create(2048);
        var now = ExternalProviderHost.ProviderNow;
        var token = host.Provider.Mint(ExternalProviderHost.Claims(DemoIds.Sponsor, SponsorRole), now, TimeSpan.FromHours(1), now,
            signingKey: new RsaSecurityKey(rsa) { KeyId = host.Provider.SigningKey.KeyId });

        await ExpectUnauthenticatedAsync(token);
    }

    [Fact]
    public async Task Token_OfTheProvidersKeyButAnotherIssuer_Is401()
    {
        // Signed with the right key: only the issuer check can refuse it.
        var now = ExternalProviderHost.ProviderNow;
        var token = host.Provider.Mint(ExternalProviderHost.Claims(DemoIds.Sponsor, SponsorRole), now, TimeSpan.FromHours(1), now,
            issuer: host.Provider.Issuer + "/other-tenant");

        await ExpectUnauthenticatedAsync(token);
    }

    [Fact]
    public async Task Token_Expired_Is401()
    {
        // Issued two hours ago, valid one: expired well beyond the thirty seconds of skew the API allows.
        var now = ExternalProviderHost.ProviderNow;
        var token = host.Provider.Mint(ExternalProviderHost.Claims(DemoIds.Sponsor, SponsorRole), now.AddHours(-2), TimeSpan.FromHours(1),
            now.AddHours(-2));

        await ExpectUnauthenticatedAsync(token);
    }

    [Fact]
    public async Task Token_ForAnotherAudience_Is401()
    {
        // The provider's token for another application of the same tenant is not a key to this API.
        var now = ExternalProviderHost.ProviderNow;
        var token = host.Provider.Mint(ExternalProviderHost.Claims(DemoIds.Sponsor, SponsorRole), now, TimeSpan.FromHours(1), now,
            audience: "another-app");

        await ExpectUnauthenticatedAsync(token);
    }

    [Fact]
    public async Task ProviderToken_OfAnUnregisteredOrganisation_ReadsNothingOfAnyOrganisation()
    {
        // A valid token of the provider (a person of its tenant), for an organisation TrialStartup does not know.
        var token = host.TokenFor("unregistered-hospital", SponsorRole);

        var me = await host.Client(token).GetAsync(new Uri("/api/v1/me", UriKind.Relative));
        var trials = await host.Client(token).GetAsync(new Uri("/api/v1/trials", UriKind.Relative));
        var trial = await host.Client(token).GetAsync(new Uri($"/api/v1/trials/{DemoIds.TrialId}", UriKind.Relative));
        var audit = await host.Client(token).GetAsync(new Uri("/api/v1/audit", UriKind.Relative));

        // Authenticated (not 401) but nobody: no organisation, so no organisation's data, and no hint whether a trial exists.
        // Not even the directory of institutions and sponsors.
        await Expect.ProblemAsync(me, HttpStatusCode.Forbidden, "forbidden");
        await Expect.ProblemAsync(trials, HttpStatusCode.Forbidden, "forbidden");
        await Expect.ProblemAsync(trial, HttpStatusCode.Forbidden, "forbidden");
        await Expect.ProblemAsync(await host.Client(token).GetAsync(new Uri("/api/v1/institutions", UriKind.Relative)), HttpStatusCode.Forbidden, "forbidden");
        await Expect.ProblemAsync(audit, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Decide_WithASignInOfAnHourAgo_Is403ReauthenticationRequiredAuditedAndNothingRecorded()
    {
        var project = await host.InEthicsReviewAtLeadAsync();
        var stale = host.TokenFor(DemoIds.Lead, [AccountRoles.EthicsSecretary], signedInAgo: TimeSpan.FromHours(1), subject: "ext-secretary-1");

        var response = await host.Client(stale).PostAsJsonAsync(Reviewing.DecisionsOf(project), ExternalProviderHost.EthicsApproval());

        var problem = await Expect.ProblemAsync(response, HttpStatusCode.Forbidden, "reauthentication-required");
        Assert.Contains("max_age=0", problem.Str("detail"), StringComparison.Ordinal);
        var entry = (await host.AuditAsync(project))[0];
        Assert.Equal(("record-decision", false, "reauthentication-required", "ext-secretary-1", Roles.EthicsCommittee, DemoIds.Lead),
            (entry.Str("action"), entry.GetProperty("accepted").GetBoolean(), entry.Str("outcome"), entry.Str("actorId"), entry.Str("role"),
                entry.Str("organisation")));
        Assert.Equal(["intake"], (await host.DecisionsAsync(project)).Select(d => d.Str("stepId"))); // the office's intake only
        Assert.Contains("ethics-review", await host.OpenStepsAsync(project));
    }

    [Fact]
    public async Task Decide_WithASignInOfAMinuteAgo_IsSignedByTheProvidersPerson()
    {
        var project = await host.InEthicsReviewAtLeadAsync();
        var fresh = host.TokenFor(DemoIds.Lead, [AccountRoles.EthicsSecretary], signedInAgo: TimeSpan.FromMinutes(1), subject: "ext-secretary-2",
            name: "Dr Zhao Min");

        var response = await host.Client(fresh).PostAsJsonAsync(Reviewing.DecisionsOf(project), ExternalProviderHost.EthicsApproval());

        await Expect.StatusAsync(response, HttpStatusCode.OK);
        var decision = Assert.Single(await host.DecisionsAsync(project), d => d.Str("stepId") == "ethics-review");

        // The signature names the provider's person by the name the provider gave, acting for the committee.
        Assert.Equal(("approve", "Dr Zhao Min", "ext-secretary-2", Roles.EthicsCommittee, DemoIds.Lead),
            (decision.Str("outcome"), decision.Str("printedName"), decision.Str("actorId"), decision.Str("actorRole"), decision.Str("actorOrganisation")));
        var entry = (await host.AuditAsync(project))[0];
        Assert.Equal(("record-decision", true, "ext-secretary-2"), (entry.Str("action"), entry.GetProperty("accepted").GetBoolean(), entry.Str("actorId")));
        Assert.DoesNotContain("ethics-review", await host.OpenStepsAsync(project));
    }

    [Fact]
    public async Task Decide_WithoutAuthTime_Is403ReauthenticationRequired()
    {
        // A provider that does not say when the person signed in gives no proof of a recent sign-in: refused, not assumed.
        var project = await host.InEthicsReviewAtLeadAsync();
        var now = ExternalProviderHost.ProviderNow;
        var token = host.Provider.Mint(ExternalProviderHost.Claims(DemoIds.Lead, [AccountRoles.EthicsSecretary]), now, TimeSpan.FromHours(1));

        var response = await host.Client(token).PostAsJsonAsync(Reviewing.DecisionsOf(project), ExternalProviderHost.EthicsApproval());

        await Expect.ProblemAsync(response, HttpStatusCode.Forbidden, "reauthentication-required");
        Assert.Equal(["intake"], (await host.DecisionsAsync(project)).Select(d => d.Str("stepId")));
    }

    [Fact]
    public async Task Decide_WithAnAuthTimeAnHourAhead_Is403ReauthenticationRequired()
    {
        // A sign-in "in an hour" proves nothing about now (a provider's clock gone wrong): it must not count as fresh, and
        // certainly not for the whole lifetime of the token.
        var project = await host.InEthicsReviewAtLeadAsync();
        var token = host.TokenFor(DemoIds.Lead, [AccountRoles.EthicsSecretary], signedInAgo: TimeSpan.FromHours(-1));

        var response = await host.Client(token).PostAsJsonAsync(Reviewing.DecisionsOf(project), ExternalProviderHost.EthicsApproval());

        await Expect.ProblemAsync(response, HttpStatusCode.Forbidden, "reauthentication-required");
        Assert.Equal(["intake"], (await host.DecisionsAsync(project)).Select(d => d.Str("stepId")));
    }

    private async Task ExpectUnauthenticatedAsync(string token)
    {
        var response = await host.Client(token).GetAsync(new Uri("/api/v1/me", UriKind.Relative));

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");

        // The refusal is the token's, not the host's: the same request with a good token of the provider passes.
        var good = await host.Client(host.TokenFor(DemoIds.Sponsor, SponsorRole)).GetAsync(new Uri("/api/v1/me", UriKind.Relative));
        await Expect.StatusAsync(good, HttpStatusCode.OK);
    }
}
