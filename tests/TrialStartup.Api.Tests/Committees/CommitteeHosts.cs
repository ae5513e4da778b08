namespace TrialStartup.Api.Tests.Committees;

using System.Net.Http.Json;
using System.Text.Json;
using TrialStartup.Api.Tests.Infrastructure;

/// <summary>
/// One host per database for the committee tests: their own, because they replace the demo hospitals' rosters, which
/// the isolation sweep of the shared hosts counts.
/// </summary>
public sealed class CommitteeHosts() : HostsPerDatabase<ApiFactory>(database => database == "postgres" ? new PostgresApiFactory() : new ApiFactory());

[CollectionDefinition(Name)]
public sealed class CommitteeCollection : ICollectionFixture<CommitteeHosts>
{
    public const string Name = "committees";
}

/// <summary>Requests the committee tests share.</summary>
internal static class CommitteeSteps
{
    public static readonly Uri Roster = new("/api/v1/ethics-committee/members", UriKind.Relative);

    public static Uri Conflicts(Guid project) => new($"/api/v1/site-projects/{project}/conflicts-of-interest", UriKind.Relative);

    /// <summary>A member as the PUT takes it, serving from 2025 to 2030.</summary>
    public static object Member(string name, string role, string[] expertise, bool external, string sex, Guid? id = null, Guid? accountId = null,
        string termStart = "2025-01-01", string termEnd = "2030-12-31") =>
        new { id, name, accountId, role, expertise, external, sex, termStart, termEnd };

    /// <summary>Eight members meeting the default rule.</summary>
    public static List<object> ValidMembers() =>
    [
        Member("王建国", "chair", ["medicine"], false, "male"),
        Member("李敏", "vice-chair", ["pharmacy"], false, "female"),
        Member("张伟", "secretary", ["medicine"], false, "male"),
        Member("刘芳", "member", ["ethics"], true, "female"),
        Member("陈静", "member", ["law"], true, "female"),
        Member("杨洋", "member", ["lay"], true, "male"),
        Member("赵磊", "member", ["medicine", "ethics"], false, "male"),
        Member("周婷", "member", ["pharmacy"], false, "female"),
    ];

    public static async Task<JsonElement> GetRosterAsync(HttpClient client)
    {
        var response = await client.GetAsync(Roster);
        await Expect.StatusAsync(response, System.Net.HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static Task<HttpResponseMessage> PutRosterAsync(HttpClient client, long expectedVersion, IEnumerable<object> members) =>
        client.PutAsJsonAsync(Roster, new { expectedVersion, members });
}
