namespace TrialStartup.Api.Tests.Trials;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Workflows.Definitions;

/// <summary>The trial list searches the protocol number and the title, whatever the case, within what the caller sees.</summary>
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

    private static async Task<List<Guid>> SearchAsync(ApiFactory api, string sponsor, string search)
    {
        var body = await api.ClientFor(sponsor, Roles.Sponsor)
            .GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/trials?pageSize=100&search={Uri.EscapeDataString(search)}", UriKind.Relative));
        return [.. body.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetGuid())];
    }
}
