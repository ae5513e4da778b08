namespace TrialStartup.Api.Tests.Isolation;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.Tests.Anchors;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Data.Accounts;
using TrialStartup.Workflows.Definitions;
using Xunit.Abstractions;

/// <summary>
/// A regional authority reads aggregates of the institutions it covers and nothing else: every other endpoint the host
/// maps (<see cref="ApiRoutes"/>, so one added later is checked too) refuses its people and stores nothing; nobody but
/// an authority reads an authority's figures; and an authority's figures hold only the institutions it covers.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AuthorityIsolationTests(ApiHosts hosts, ITestOutputHelper output)
{
    // The only routes open to an authority's people: its own figures, and its own account and people, as every
    // organisation's. Opening another one must be a decision made here.
    private static readonly string[] OpenToAuthorities =
    [
        "GET /api/v1/authority/", "GET /api/v1/authority/anchors", "GET /api/v1/authority/steps", "GET /api/v1/white-papers/{year}",
        "GET /api/v1/me/", "POST /api/v1/me/password", "POST /api/v1/me/authenticator", "POST /api/v1/me/authenticator/confirm",
        "POST /api/v1/account/password",
        "GET /api/v1/organisation/people/", "POST /api/v1/organisation/people/", "PUT /api/v1/organisation/people/{personId:guid}/roles",
        "POST /api/v1/organisation/people/{personId:guid}/password-reset", "POST /api/v1/organisation/people/{personId:guid}/deactivate",
    ];

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task EveryOtherEndpoint_ForAnAuthoritysPeople_IsForbiddenAndStoresNothing(string database)
    {
        var api = hosts.For(database);
        var routes = ApiRoutes.Enumerate(api);
        Assert.All(OpenToAuthorities, open => Assert.Contains(routes, r => r.ToString() == open));
        var clients = new[] { AccountRoles.AuthorityAnalyst, AccountRoles.OrganisationAdministrator }
            .Select(role => (Role: role, Client: api.ClientFor(DemoSeed.Authority.Code, role))).ToList();
        var before = await CountsAsync(api);

        var failures = new List<string>();
        var refused = 0;
        foreach (var route in routes.Where(r => !OpenToAuthorities.Contains(r.ToString())))
        {
            var path = route.PathWith(SampleValue);
            var query = route.GuidQueryParameters.Count == 0 ? "" : "?" + string.Join("&", route.GuidQueryParameters.Select(p => $"{p}={Guid.NewGuid()}"));
            foreach (var (role, client) in clients)
            {
                var (status, body) = await CrossOrganisationIsolationTests.SendAsync(client, route, path, query);
                if (status != HttpStatusCode.Forbidden || !body.Contains("regional authority reads aggregates only", StringComparison.Ordinal))
                {
                    failures.Add($"{route} as the authority's {role}: {(int)status} {body}");
                }

                refused++;
            }
        }

        output.WriteLine($"{refused} requests refused");
        Assert.True(failures.Count == 0, $"{failures.Count} endpoints answered an authority:\n{string.Join("\n", failures)}");
        Assert.True(refused > 100, $"only {refused} requests were checked");
        Assert.Equal(before, await CountsAsync(api));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task AuthorityEndpoints_ForEveryOtherKindOfOrganisation_AreForbidden(string database)
    {
        var api = hosts.For(database);
        var others = new List<(string Who, HttpClient Client)>
        {
            ("platform administrator", api.ClientWithToken(api.TokenFor(OrganisationKinds.Platform, OrganisationKinds.Platform, Guid.Empty, AccountRoles.PlatformAdministrator))),
        };
        others.AddRange(AccountRoles.Institution.Select(role => ($"{role} of {DemoIds.Lead}", api.ClientFor(DemoIds.Lead, role))));
        others.AddRange(AccountRoles.Sponsor.Select(role => ($"{role} of {DemoIds.Sponsor}", api.ClientFor(DemoIds.Sponsor, role))));
        foreach (var (who, client) in others)
        {
            foreach (var path in new[] { "/api/v1/authority", "/api/v1/authority/anchors", "/api/v1/authority/anchors?format=csv&from=2026-01-01", "/api/v1/authority/steps" })
            {
                var response = await client.GetAsync(new Uri(path, UriKind.Relative));
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{path} as {who}: {(int)response.StatusCode}");
                await Expect.ProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
            }
        }

        // Coverage is the platform's: to anyone else an authority's id answers like one that does not exist.
        var coverage = new { institutionIds = new[] { DemoSeed.ShanghaiHospital.Id } };
        foreach (var (who, client) in others.Skip(1))
        {
            var response = await client.PutAsJsonAsync(new Uri($"/api/v1/authorities/{DemoSeed.Authority.Id}/coverage", UriKind.Relative), coverage);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"coverage as {who}: {(int)response.StatusCode}");
        }

        Assert.Equal(3, await api.WithDbAsync(db => db.AuthorityCoverage.CountAsync(c => c.AuthorityId == DemoSeed.Authority.Id)));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task AnAuthoritysFigures_HoldOnlyTheInstitutionsItCovers_AsThePlatformSetsThem(string database)
    {
        await using var api = new ClockedApiFactory(database, AnchorHistory.Submitted.AddYears(2));
        await AnchorHistory.SeedAsync(api);
        var platform = api.ClientWithToken(api.TokenFor(OrganisationKinds.Platform, OrganisationKinds.Platform, Guid.Empty, AccountRoles.PlatformAdministrator));

        // A second authority, the Shanghai medical products administration, covering sh-site only.
        var registered = await platform.PostAsJsonAsync(new Uri("/api/v1/authorities", UriKind.Relative), new
        {
            code = "sh-mpa", name = "上海市药品监督管理局", englishName = "Shanghai Medical Products Administration", region = "上海市 Shanghai",
            institutionIds = new[] { DemoSeed.ShanghaiHospital.Id },
            administrator = new { email = "admin@sh-mpa.test", name = "SH MPA administrator" },
        });
        await Expect.StatusAsync(registered, HttpStatusCode.Created);
        var body = await registered.Content.ReadFromJsonAsync<JsonElement>();
        var authority = body.GetProperty("authority").GetProperty("id").GetGuid();
        Assert.Equal(["sh-site"], body.GetProperty("authority").GetProperty("coverage").EnumerateArray().Select(i => i.Str("code")));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("administrator").Str("setupCode")));
        var shanghai = api.ClientWithToken(api.TokenFor(OrganisationKinds.Authority, "sh-mpa", authority, AccountRoles.AuthorityAnalyst));

        // The platform's list shows both authorities, by code, each with its coverage; nobody else may list them.
        var listed = (await Get(platform, "/api/v1/authorities")).EnumerateArray()
            .ToDictionary(a => a.Str("code"), a => a.GetProperty("coverage").EnumerateArray().Select(i => i.Str("code")).ToList());
        Assert.Equal([DemoSeed.Authority.Code, "sh-mpa"], listed.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["bj-alliance", "bj-lead", "sh-site"], listed[DemoSeed.Authority.Code]);
        Assert.Equal(["sh-site"], listed["sh-mpa"]);
        await Expect.ProblemAsync(await shanghai.GetAsync(new Uri("/api/v1/authorities", UriKind.Relative)), HttpStatusCode.Forbidden, "forbidden");
        await Expect.ProblemAsync(await api.ClientFor(DemoIds.Shanghai, AccountRoles.OrganisationAdministrator)
            .GetAsync(new Uri("/api/v1/authorities", UriKind.Relative)), HttpStatusCode.Forbidden, "forbidden");

        var own = await Get(shanghai, "/api/v1/authority");
        Assert.Equal(["sh-site"], own.GetProperty("coverage").EnumerateArray().Select(i => i.Str("code")));
        var report = await Get(shanghai, "/api/v1/authority/anchors?from=2026-01-01&to=2026-12-31");
        Assert.Equal(["sh-site"], report.GetProperty("institutions").EnumerateArray().Select(i => i.Str("institutionCode")));
        var region = report.GetProperty("region");
        Assert.Equal(0, region.GetProperty("activation").GetProperty("activated").GetInt32()); // bj-lead's four activations are not its business
        Assert.Equal((1, 0, 1), (region.GetProperty("recognition").GetProperty("participatingApprovals").GetInt32(),
            region.GetProperty("recognition").GetProperty("recognised").GetInt32(), region.GetProperty("recognition").GetProperty("fullReview").GetInt32()));
        Assert.Equal((1, 1, 1), (region.GetProperty("greenChannel").GetProperty("sitesSubmitted").GetInt32(), region.GetProperty("sponsors").GetInt32(),
            region.GetProperty("breaches").GetProperty("stepBreaches").GetInt32()));
        Assert.DoesNotContain(DemoSeed.LeadHospital.Id.ToString(), report.GetRawText(), StringComparison.OrdinalIgnoreCase);

        // The demo health commission covers all three; the new one is refused the demo one's coverage like everything else.
        var demo = await Get(api.ClientFor(DemoSeed.Authority.Code, AccountRoles.AuthorityAnalyst), "/api/v1/authority/anchors?from=2026-01-01&to=2026-12-31");
        Assert.Equal(3, demo.GetProperty("institutions").GetArrayLength());
        await Expect.ProblemAsync(await shanghai.PutAsJsonAsync(new Uri($"/api/v1/authorities/{DemoSeed.Authority.Id}/coverage", UriKind.Relative),
            new { institutionIds = new[] { DemoSeed.ShanghaiHospital.Id } }), HttpStatusCode.Forbidden, "forbidden");

        // The platform moves its coverage to bj-alliance: from now on it reads bj-alliance's recognitions, not sh-site's review.
        var moved = await platform.PutAsJsonAsync(new Uri($"/api/v1/authorities/{authority}/coverage", UriKind.Relative),
            new { institutionIds = new[] { DemoSeed.AllianceHospital.Id } });
        await Expect.StatusAsync(moved, HttpStatusCode.OK);
        var after = (await Get(shanghai, "/api/v1/authority/anchors?from=2026-01-01&to=2026-12-31")).GetProperty("region").GetProperty("recognition");
        Assert.Equal((2, 2, 0, 1.0), (after.GetProperty("participatingApprovals").GetInt32(), after.GetProperty("recognised").GetInt32(),
            after.GetProperty("fullReview").GetInt32(), after.GetProperty("recognitionRate").GetDouble()));

        // A coverage naming no registered institution is refused, naming the entry, and changes nothing.
        var bad = await Expect.ProblemAsync(await platform.PutAsJsonAsync(new Uri($"/api/v1/authorities/{authority}/coverage", UriKind.Relative),
            new { institutionIds = new[] { DemoSeed.AllianceHospital.Id, Guid.NewGuid() } }), HttpStatusCode.BadRequest, "invalid-request");
        Assert.Equal("institutionIds[1]", bad.Str("field"));
        Assert.Equal([DemoSeed.AllianceHospital.Id],
            await api.WithDbAsync(db => db.AuthorityCoverage.Where(c => c.AuthorityId == authority).Select(c => c.InstitutionId).ToListAsync()));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task SystemsHandlers_RunWithoutTheApiBoundary_StillRefuseAnAuthoritysAdministrator(string database)
    {
        // The workspace's administration pages call these handlers directly, past the /api/v1 filter: the rule must hold there too.
        var api = hosts.For(database);
        var administrator = new TrialStartup.Api.Auth.Caller("authority-admin", "Authority administrator", new HashSet<string> { AccountRoles.OrganisationAdministrator },
            OrganisationKinds.Authority, DemoSeed.Authority.Code, DemoSeed.Authority.Id);
        await using var scope = api.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<TrialStartup.Data.TrialStartupDbContext>();
        var clock = services.GetRequiredService<TimeProvider>();
        var answers = new[]
        {
            await TrialStartup.Api.Accounts.ApiClientsApi.ListAsync(administrator, db, CancellationToken.None),
            await TrialStartup.Api.Accounts.ApiClientsApi.CreateAsync(new TrialStartup.Api.Accounts.CreateApiClientRequest("Statistics", [AccountRoles.AuthorityAnalyst]), administrator, db,
                services, clock, CancellationToken.None),
            await TrialStartup.Api.Webhooks.WebhooksApi.ListAsync(administrator, db, CancellationToken.None),
            await TrialStartup.Api.Webhooks.WebhooksApi.CreateAsync(new TrialStartup.Api.Webhooks.CreateWebhookRequest("https://93.184.215.14/stats", ["project.ended"]), administrator, db,
                services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TrialStartup.Messaging.Hosting.TrialStartupOptions>>(), clock, CancellationToken.None),
        };
        Assert.All(answers, answer => Assert.Equal(StatusCodes.Status403Forbidden,
            Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>(answer).StatusCode));
        Assert.Equal(0, await db.ApiClients.CountAsync(c => c.OrganisationId == DemoSeed.Authority.Id));
        Assert.Equal(0, await db.WebhookSubscriptions.CountAsync(w => w.OrganisationId == DemoSeed.Authority.Id));
    }

    private static async Task<JsonElement> Get(HttpClient client, string path)
    {
        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    // Any well-formed value: the boundary refuses before a handler looks at it.
    private static string SampleValue(string parameter) =>
        parameter.Equals("entryId", StringComparison.OrdinalIgnoreCase) ? "1"
        : parameter.Equals("stepId", StringComparison.OrdinalIgnoreCase) ? "ethics-review"
        : parameter.Equals("clientId", StringComparison.OrdinalIgnoreCase) ? "demo-nhc-client"
        : Guid.NewGuid().ToString();

    // Rows in every table a request could write (the background's leases and running hosts left out).
    private static Task<string> CountsAsync(ApiFactory api) => api.WithDbAsync(async db =>
    {
        string[] background = ["Leases", "RunningHosts"];
        var lines = new List<string>();
        foreach (var table in db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Distinct().Except(background).Order(StringComparer.Ordinal))
        {
#pragma warning disable EF1002 // table names come from the model, not from input
            lines.Add($"{table}={(await db.Database.SqlQueryRaw<int>($"SELECT COUNT(*) AS \"Value\" FROM \"{table}\"").ToListAsync()).Single()}");
#pragma warning restore EF1002
        }

        return string.Join("\n", lines);
    });
}
