namespace TrialStartup.Api.Tests.Trials;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// The trial list searches the protocol number and the title, whatever the case, within what the caller sees, and keeps the
/// trials waiting on the caller when asked.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TrialSearchTests(ApiHosts hosts)
{
    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Search_FindsByPartOfTheProtocolNumberOrTitle_InAnyCase_AndOnlyTheCallersTrials(string database)
    {
        var api = hosts.For(database);
        var trial = await Journey.CreateTrialAsync(api);
        var protocol = (await api.ClientFor(DemoIds.Sponsor, Roles.Sponsor)
            .GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/trials/{trial}", UriKind.Relative))).Str("protocolNumber");
        var other = await Journey.CreateTrialAsync(api, sponsor: DemoIds.OtherSponsor);

        var byProtocol = await SearchAsync(api, DemoIds.Sponsor, protocol[2..10].ToUpperInvariant());
        Assert.Equal([trial], byProtocol);
        var byTitle = await SearchAsync(api, DemoIds.Sponsor, "  TEST TRIAL ");
        Assert.Contains(trial, byTitle);
        Assert.DoesNotContain(other, byTitle);
        Assert.Empty(await SearchAsync(api, DemoIds.Sponsor, "no such trial " + Guid.NewGuid().ToString("N")));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Search_LongerThanItsLimit_IsRefusedNamingTheParameter(string database)
    {
        var api = hosts.For(database);
        var response = await api.ClientFor(DemoIds.Sponsor, Roles.Sponsor)
            .GetAsync(new Uri($"/api/v1/trials?search={new string('x', 101)}", UriKind.Relative));
        var problem = await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "invalid-request");
        Assert.Equal("search", problem.Str("field"));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task WaitingOnUs_KeepsTheTrialsWhereATaskWaitsOnTheCallersOrganisation_AndFalseTheOthers(string database)
    {
        var api = hosts.For(database);
        // A: the contract office asked for changes, which the sponsor holds. B: the three reviews are open, nothing on the
        // sponsor. C: the site is registered but not submitted, nothing open on anyone.
        var a = await Journey.CreateTrialAsync(api, singleSite: DemoIds.Shanghai);
        var projectA = await Journey.SubmittedSiteAsync(api, a, DemoIds.Shanghai);
        await Reviewing.DecideAsync(api, projectA, DemoIds.Shanghai, Roles.SiteOffice, "intake", "complete");
        await Reviewing.DecideAsync(api, projectA, DemoIds.Shanghai, Roles.ContractOffice, "contract-review", "changes-requested");
        var b = await Journey.CreateTrialAsync(api, singleSite: DemoIds.Shanghai);
        var projectB = await Journey.SubmittedSiteAsync(api, b, DemoIds.Shanghai);
        await Reviewing.DecideAsync(api, projectB, DemoIds.Shanghai, Roles.SiteOffice, "intake", "complete");
        var c = await Journey.CreateTrialAsync(api, singleSite: DemoIds.Shanghai);
        await Journey.RegisterSiteAsync(api, c, DemoIds.Shanghai);

        var sponsor = api.ClientFor(DemoIds.Sponsor, Roles.Sponsor);
        var sponsorWaiting = await ListAsync(sponsor, "waitingOnUs=true");
        var sponsorNotWaiting = await ListAsync(sponsor, "waitingOnUs=false");
        Assert.Contains(a, sponsorWaiting);
        Assert.DoesNotContain(b, sponsorWaiting);
        Assert.DoesNotContain(c, sponsorWaiting);
        Assert.Equal([b, c], sponsorNotWaiting.Intersect([a, b, c]).Order());
        Assert.Equal((await ListAsync(sponsor, "")).Order(), sponsorWaiting.Concat(sponsorNotWaiting).Order()); // the two halves of the whole list

        var hospital = api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice);
        var hospitalWaiting = await ListAsync(hospital, "waitingOnUs=true");
        Assert.Contains(a, hospitalWaiting); // its ethics and approval reviews are still open
        Assert.Contains(b, hospitalWaiting);
        Assert.DoesNotContain(c, hospitalWaiting);
        Assert.Contains(c, await ListAsync(hospital, "waitingOnUs=false"));

        var refused = await sponsor.GetAsync(new Uri("/api/v1/trials?waitingOnUs=perhaps", UriKind.Relative));
        Assert.Equal("waitingOnUs", (await Expect.ProblemAsync(refused, HttpStatusCode.BadRequest, "malformed-request")).Str("field"));
    }

    // Every page of the caller's trials with the query.
    private static async Task<List<Guid>> ListAsync(HttpClient client, string query)
    {
        var all = new List<Guid>();
        for (var page = 1; ; page++)
        {
            var body = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/trials?pageSize=100&page={page}&{query}", UriKind.Relative));
            var items = body.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetGuid()).ToList();
            all.AddRange(items);
            if (items.Count < 100)
            {
                return all;
            }
        }
    }

    private static async Task<List<Guid>> SearchAsync(ApiFactory api, string sponsor, string search)
    {
        var body = await api.ClientFor(sponsor, Roles.Sponsor)
            .GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/trials?pageSize=100&search={Uri.EscapeDataString(search)}", UriKind.Relative));
        return [.. body.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetGuid())];
    }
}
