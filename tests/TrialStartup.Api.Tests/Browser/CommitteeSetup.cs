namespace TrialStartup.Api.Tests.Browser;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

/// <summary>
/// What the committee's browser tests prepare through the API before a browser opens (the screens for these steps have
/// tests of their own): a meeting, a review on its agenda, the meeting opened.
/// </summary>
internal static class CommitteeSetup
{
    public const string Meetings = "/api/v1/ethics-committee/meetings";

    public const string Items = "/api/v1/ethics-committee/items";

    /// <summary>Adds a meeting taking items until it starts; answers its id.</summary>
    public static async Task<Guid> AddMeetingAsync(HttpClient secretary, DateTimeOffset startsAt, int capacity)
    {
        var added = await secretary.PostAsJsonAsync(Meetings, new { startsAt, cutoffAt = startsAt, capacity });
        Assert.True(added.StatusCode == HttpStatusCode.Created, await added.Content.ReadAsStringAsync());
        return (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Puts the project's waiting ethics review on the meeting's agenda; answers the item's id.</summary>
    public static async Task<Guid> PutOnAgendaAsync(HttpClient secretary, Guid project, Guid meeting)
    {
        var routed = await secretary.PostAsJsonAsync(Items, new { siteProjectId = project, stepId = "ethics-review", route = "full-board", meetingId = meeting });
        Assert.True(routed.StatusCode == HttpStatusCode.Created, await routed.Content.ReadAsStringAsync());
        return (await routed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Opens the meeting (the secretary's step on the day).</summary>
    public static async Task OpenAsync(HttpClient secretary, Guid meeting)
    {
        var opened = await secretary.PostAsync(new Uri($"{Meetings}/{meeting}/opening", UriKind.Relative), null);
        Assert.True(opened.StatusCode == HttpStatusCode.OK, await opened.Content.ReadAsStringAsync());
    }
}
