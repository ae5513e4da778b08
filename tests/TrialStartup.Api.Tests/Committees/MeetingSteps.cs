namespace TrialStartup.Api.Tests.Committees;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Data.Accounts;

/// <summary>
/// One clocked host per database for the meeting tests: meetings open on their day, so the tests move the clock
/// forward to them. The clock only moves forward; every test adds meetings and projects of its own.
/// </summary>
public sealed class MeetingHosts() : HostsPerDatabase<ClockedApiFactory>(database => new ClockedApiFactory(database, Start))
{
    // A Monday morning in Shanghai, inside the shipped calendar's years.
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);
}

[CollectionDefinition(Name)]
public sealed class MeetingCollection : ICollectionFixture<MeetingHosts>
{
    public const string Name = "committee-meetings";
}

/// <summary>The requests of a committee's meeting day, as the secretary's and chair's screens would send them.</summary>
internal static class MeetingSteps
{
    public const string Meetings = "/api/v1/ethics-committee/meetings";

    public const string Items = "/api/v1/ethics-committee/items";

    public static HttpClient Secretary(ApiFactory api, string institution = "") =>
        api.ClientFor(institution.Length > 0 ? institution : DemoIds.Shanghai, AccountRoles.EthicsSecretary);

    public static HttpClient Chair(ApiFactory api) => api.ClientFor(DemoIds.Shanghai, AccountRoles.EthicsChair);

    /// <summary>Adds a meeting at <paramref name="startsAt"/> (cut-off a day before) and returns its id.</summary>
    public static async Task<Guid> AddMeetingAsync(ApiFactory api, DateTimeOffset startsAt, int capacity = 10)
    {
        var response = await Secretary(api).PostAsJsonAsync(Meetings, new { startsAt, cutoffAt = startsAt.AddDays(-1), capacity });
        await Expect.StatusAsync(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>A project of Shanghai whose ethics review is open.</summary>
    public static Task<Guid> EthicsTaskAsync(ApiFactory api) => Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);

    /// <summary>Routes the project's ethics review and returns the item.</summary>
    public static async Task<JsonElement> RouteAsync(ApiFactory api, Guid project, string route = "full-board", Guid? meetingId = null,
        IEnumerable<Guid>? reviewerIds = null, HttpClient? by = null)
    {
        var response = await (by ?? Secretary(api)).PostAsJsonAsync(Items,
            new { siteProjectId = project, stepId = "ethics-review", route, meetingId, reviewerIds = reviewerIds?.ToList() });
        await Expect.StatusAsync(response, HttpStatusCode.Created);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Shanghai's members by name ("刘芳 Liu Fang" …).</summary>
    public static Task<Dictionary<string, Guid>> MembersAsync(ApiFactory api) =>
        api.WithDbAsync(db => db.CommitteeMembers.Where(m => m.InstitutionId == DemoSeed.ShanghaiHospital.Id && m.RemovedAt == null)
            .ToDictionaryAsync(m => m.Name, m => m.Id));

    /// <summary>Moves the clock to the meeting's start and opens it.</summary>
    public static async Task OpenAsync(ClockedApiFactory api, Guid meeting, DateTimeOffset startsAt)
    {
        var wait = startsAt - api.Clock.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            api.Clock.Advance(wait);
        }

        await Expect.StatusAsync(await Secretary(api).PostAsync(new Uri($"{Meetings}/{meeting}/opening", UriKind.Relative), null), HttpStatusCode.OK);
    }

    public static async Task AttendAsync(ApiFactory api, Guid meeting, IEnumerable<Guid> members, bool present = true)
    {
        foreach (var member in members)
        {
            await Expect.StatusAsync(await Secretary(api).PutAsJsonAsync($"{Meetings}/{meeting}/attendance/{member}", new { present }), HttpStatusCode.OK);
        }
    }

    public static Task<HttpResponseMessage> VoteAsync(ApiFactory api, Guid item, Guid member, string outcome) =>
        Secretary(api).PutAsJsonAsync($"{Items}/{item}/votes/{member}", new { outcome });

    public static async Task VotesAsync(ApiFactory api, Guid item, IEnumerable<Guid> members, string outcome)
    {
        foreach (var member in members)
        {
            await Expect.StatusAsync(await VoteAsync(api, item, member, outcome), HttpStatusCode.OK);
        }
    }

    public static Task<HttpResponseMessage> DecideAsync(HttpClient by, Guid item) =>
        by.PostAsJsonAsync($"{Items}/{item}/decision",
            new { signature = new { meaning = "decided as recorded by the committee's vote", password = ApiFactory.TestPassword }, reason = "the meeting's vote" });

    public static async Task<JsonElement> MeetingAsync(ApiFactory api, Guid meeting) =>
        await Secretary(api).GetFromJsonAsync<JsonElement>($"{Meetings}/{meeting}");

    public static async Task<JsonElement> ItemAsync(ApiFactory api, Guid item) =>
        await Secretary(api).GetFromJsonAsync<JsonElement>($"{Items}/{item}");
}
