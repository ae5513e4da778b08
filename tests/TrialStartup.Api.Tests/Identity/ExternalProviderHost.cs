namespace TrialStartup.Api.Tests.Identity;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// One <see cref="FakeIdentityProvider"/> and one API host that trusts it (external identity mode) for a test class.
/// </summary>
/// <remarks>
/// A deployment's provider signs on the real clock, and the API's bearer validation checks a token's lifetime on the
/// machine's clock whatever the host's <see cref="TimeProvider"/> says. So this host runs on the real clock, as a
/// production installation does (no <c>ClockShift</c>), not on the <see cref="ApiFactory.TestEpoch"/> the other hosts
/// are shifted to: with the shift, a token could not be both within its lifetime and freshly signed in on the same
/// timeline. <see cref="ExternalProviderRehearsalHost"/> is the shifted installation.
/// </remarks>
public class ExternalProviderHost : IAsyncLifetime
{
    private FakeIdentityProvider? _provider;
    private ExternalProviderApiFactory? _api;

    public FakeIdentityProvider Provider => _provider ?? throw new InvalidOperationException("the provider starts with the fixture");

    public ApiFactory Api => _api ?? throw new InvalidOperationException("the host starts with the fixture");

    /// <summary>What the provider calls now: the real clock, as every provider a deployment trusts.</summary>
    public static DateTimeOffset ProviderNow => TimeProvider.System.GetUtcNow();

    /// <summary>What the API host calls now.</summary>
    public DateTimeOffset HostNow => Api.Services.GetRequiredService<TimeProvider>().GetUtcNow();

    /// <summary>Whether the host keeps the <see cref="ApiFactory.TestEpoch"/> clock of the other tests' hosts.</summary>
    protected virtual bool ShiftedHostClock => false;

    public async Task InitializeAsync()
    {
        _provider = await FakeIdentityProvider.StartAsync();
        _api = new ExternalProviderApiFactory(_provider.Issuer, ShiftedHostClock);
        _ = _api.Server; // builds the host now: migrations and the demo seed run once, not in the first test's time
    }

    public async Task DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }
    }

    /// <summary>
    /// A token of the provider for a person of organisation <paramref name="org"/> holding <paramref name="roles"/>,
    /// issued now on the provider's clock, valid an hour, signed in <paramref name="signedInAgo"/> before (a minute by default).
    /// </summary>
    public string TokenFor(string org, string[] roles, TimeSpan? signedInAgo = null, string? subject = null, string? name = null)
    {
        var now = ProviderNow;
        return Provider.Mint(Claims(org, roles, subject, name), now, TimeSpan.FromHours(1), now - (signedInAgo ?? TimeSpan.FromMinutes(1)));
    }

    /// <summary>The claims a deployment's provider sends, under the default claim names (<c>sub</c>, <c>name</c>, <c>roles</c>, <c>org</c>).</summary>
    public static Dictionary<string, object> Claims(string org, string[] roles, string? subject = null, string? name = null) => new()
    {
        ["sub"] = subject ?? $"ext-{string.Join('+', roles)}@{org}",
        ["name"] = name ?? $"External {string.Join('/', roles)} of {org}",
        ["roles"] = roles,
        ["org"] = org,
    };

    /// <summary>A client of the API holding <paramref name="token"/>.</summary>
    public HttpClient Client(string token) => Api.ClientWithToken(token);

    /// <summary>GET as JSON, failing with the body when the answer is not 200.</summary>
    public async Task<JsonElement> GetJsonAsync(string token, string path)
    {
        var response = await Client(token).GetAsync(new Uri(path, UriKind.Relative));
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The ethics committee's approval of the first round, signed with the registered (provider's) name.</summary>
    public static object EthicsApproval() => new
    {
        stepId = "ethics-review",
        outcome = "approve",
        round = 1,
        reason = "approve after review",
        reviewType = "full-board",
        signature = new { meaning = "approved as secretary of the ethics committee" },
    };

    /// <summary>
    /// A fresh single-site trial of the demo sponsor at the lead hospital, registered, submitted and taken in by its site
    /// office, every step with a token of the provider: the three reviews are open, the committee's among them.
    /// </summary>
    public async Task<Guid> InEthicsReviewAtLeadAsync()
    {
        var sponsor = Client(TokenFor(DemoIds.Sponsor, [Roles.Sponsor]));
        var office = Client(TokenFor(DemoIds.Lead, [Roles.SiteOffice]));
        var created = await sponsor.PostAsJsonAsync(new Uri("/api/v1/trials", UriKind.Relative), new
        {
            protocolNumber = "EXT-" + Guid.NewGuid().ToString("N")[..12],
            title = "A trial of an external provider's people",
            phase = "II",
            productType = "drug",
            innovative = false,
            multiCenter = false,
            siteInstitutionIds = new[] { DemoSeed.LeadHospital.Id },
        });
        await Expect.StatusAsync(created, HttpStatusCode.Created);
        var trialId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var registered = await office.PostAsJsonAsync(new Uri("/api/v1/site-projects", UriKind.Relative), new { trialId });
        await Expect.StatusAsync(registered, HttpStatusCode.Created);
        var project = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await Journey.AddRequiredDocumentsAsync(Api, project);
        await Expect.StatusAsync(await office.PostAsync(new Uri($"/api/v1/site-projects/{project}/submit", UriKind.Relative), null), HttpStatusCode.OK);

        // The intake is a signed decision too: the office's token says it signed in a minute ago.
        var intake = await office.PostAsJsonAsync(Reviewing.DecisionsOf(project), new
        {
            stepId = "intake",
            outcome = "complete",
            round = 1,
            reason = "complete after review",
            signature = new { meaning = "checked as the site office" },
        });
        await Expect.StatusAsync(intake, HttpStatusCode.OK);
        Assert.Contains("ethics-review", await OpenStepsAsync(project));
        return project;
    }

    public async Task<List<string>> OpenStepsAsync(Guid project) =>
        [.. (await GetJsonAsync(TokenFor(DemoIds.Lead, [Roles.SiteOffice]), $"/api/v1/site-projects/{project}"))
            .GetProperty("openTasks").EnumerateArray().Select(t => t.Str("stepId"))];

    public async Task<List<JsonElement>> DecisionsAsync(Guid project) =>
        [.. (await GetJsonAsync(TokenFor(DemoIds.Lead, [Roles.SiteOffice]), $"/api/v1/site-projects/{project}/decisions")).EnumerateArray()];

    /// <summary>The audit entries about the project, newest first, as its site office reads them.</summary>
    public async Task<List<JsonElement>> AuditAsync(Guid project) =>
        [.. (await GetJsonAsync(TokenFor(DemoIds.Lead, [Roles.SiteOffice]), $"/api/v1/audit?resourceId={project}&pageSize=200"))
            .GetProperty("items").EnumerateArray()];

    /// <summary>The API host in external identity mode, reading the provider's discovery document over plain HTTP.</summary>
    private sealed class ExternalProviderApiFactory(string authority, bool shiftedClock) : ApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("TrialStartup:Identity:External:Authority", authority);
            builder.UseSetting("TrialStartup:Identity:External:RequireHttpsMetadata", "false");
            if (!shiftedClock)
            {
                // Replaces the base's shifted clock (the last registration wins). Deadlines still compute: the calendar
                // follows the statutory rule beyond its listed years.
                builder.ConfigureTestServices(services => services.AddSingleton(TimeProvider.System));
            }
        }
    }
}

/// <summary>The provider and a host shifted to <see cref="ApiFactory.TestEpoch"/>, as an installation rehearsing on a chosen date (<c>TrialStartup:ClockShift</c>).</summary>
public sealed class ExternalProviderRehearsalHost : ExternalProviderHost
{
    protected override bool ShiftedHostClock => true;
}
