namespace TrialStartup.Api.Tests.Committees;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Committees;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Data.Accounts;
using TrialStartup.Workflows.Definitions;
using static TrialStartup.Api.Tests.Committees.CommitteeSteps;

/// <summary>
/// Issue 19's conflicts of interest: a member declares for themself, the secretary records for a member, declaring
/// again changes nothing, only the project's institution's committee sees them, and each is audited.
/// </summary>
[Collection(CommitteeCollection.Name)]
public sealed class ConflictsOfInterestTests(CommitteeHosts hosts)
{
    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Declare_ByALinkedMemberForThemself_IsRecordedOnceHoweverOftenItIsSent(string database)
    {
        var api = hosts.For(database);
        var project = await ProjectAsync(api);
        var (member, memberClient) = await LinkedMemberAsync(api, "杨洋 Yang Yang");

        var first = await memberClient.PostAsJsonAsync(Conflicts(project), new { memberId = member, note = "consults for the sponsor" });
        var again = await memberClient.PostAsJsonAsync(Conflicts(project), new { memberId = member, note = "said twice" });

        await Expect.StatusAsync(first, HttpStatusCode.Created);
        await Expect.StatusAsync(again, HttpStatusCode.OK);
        var recorded = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(recorded.GetProperty("id").GetGuid(), (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        Assert.Equal(("member", "consults for the sponsor"), (recorded.GetProperty("declaredBy").GetString(), recorded.GetProperty("note").GetString()));
        var listed = await memberClient.GetFromJsonAsync<JsonElement>(Conflicts(project));
        Assert.Equal("杨洋 Yang Yang", Assert.Single(listed.EnumerateArray()).GetProperty("memberName").GetString());
        var audited = await api.WithDbAsync(db => db.Audit.Where(a => a.ResourceId == DemoSeed.ShanghaiHospital.Id
            && a.Action == ConflictsOfInterestApi.DeclareAction && a.Reason!.Contains(project.ToString())).ToListAsync());
        Assert.Equal(AccountRoles.EthicsMember, Assert.Single(audited).Role);

        // A member declares only for themself.
        var someoneElse = await MemberIdAsync(api, "刘芳 Liu Fang");
        await Expect.ProblemAsync(await memberClient.PostAsJsonAsync(Conflicts(project), new { memberId = someoneElse, note = "" }),
            HttpStatusCode.Forbidden, "forbidden");
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Record_BySecretaryForAMember_IsRecordedAndWithdrawnWithAudit(string database)
    {
        var api = hosts.For(database);
        var project = await ProjectAsync(api);
        var secretary = api.ClientFor(DemoIds.Shanghai, AccountRoles.EthicsSecretary);
        var member = await MemberIdAsync(api, "陈静 Chen Jing");

        var recorded = await secretary.PostAsJsonAsync(Conflicts(project), new { memberId = member, note = "her firm advises the sponsor" });

        await Expect.StatusAsync(recorded, HttpStatusCode.Created);
        var conflict = await recorded.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("secretary", conflict.GetProperty("declaredBy").GetString());
        var chair = api.ClientFor(DemoIds.Shanghai, AccountRoles.EthicsChair);
        Assert.Single((await chair.GetFromJsonAsync<JsonElement>(Conflicts(project))).EnumerateArray());

        var withdrawn = await secretary.DeleteAsync(new Uri($"{Conflicts(project)}/{conflict.GetProperty("id").GetGuid()}", UriKind.Relative));

        await Expect.StatusAsync(withdrawn, HttpStatusCode.NoContent);
        Assert.Empty((await chair.GetFromJsonAsync<JsonElement>(Conflicts(project))).EnumerateArray());
        var actions = await api.WithDbAsync(db => db.Audit.Where(a => a.ResourceId == DemoSeed.ShanghaiHospital.Id && a.Reason!.Contains(project.ToString()))
            .OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        Assert.Equal([ConflictsOfInterestApi.DeclareAction, ConflictsOfInterestApi.WithdrawAction], actions);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Conflicts_OfAnotherInstitutionsProject_AnswerLikeAnUnknownProject_AndTheSponsorSeesNone(string database)
    {
        var api = hosts.For(database);
        var project = await ProjectAsync(api);
        var member = await MemberIdAsync(api, "刘芳 Liu Fang");
        await Expect.StatusAsync(await api.ClientFor(DemoIds.Shanghai, AccountRoles.EthicsSecretary)
            .PostAsJsonAsync(Conflicts(project), new { memberId = member, note = "" }), HttpStatusCode.Created);
        var otherSecretary = api.ClientFor(DemoIds.Lead, AccountRoles.EthicsSecretary);

        var seen = await otherSecretary.GetAsync(Conflicts(project));
        var added = await otherSecretary.PostAsJsonAsync(Conflicts(project), new { memberId = member, note = "" });
        var unknown = await otherSecretary.GetAsync(Conflicts(Guid.NewGuid()));

        await Expect.ProblemAsync(seen, HttpStatusCode.NotFound, "not-found");
        await Expect.ProblemAsync(added, HttpStatusCode.NotFound, "not-found");
        await Expect.ProblemAsync(unknown, HttpStatusCode.NotFound, "not-found");
        await Expect.ProblemAsync(await api.ClientFor(DemoIds.Sponsor, Roles.Sponsor).GetAsync(Conflicts(project)), HttpStatusCode.Forbidden, "forbidden");
        await Expect.ProblemAsync(await api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice).GetAsync(Conflicts(project)), HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(1, await api.WithDbAsync(db => db.ConflictsOfInterest.CountAsync(c => c.SiteProjectId == project)));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Record_SentTwiceAtOnce_IsStoredOnce_AndTheSecondAnswersWithTheFirst(string database)
    {
        var api = hosts.For(database);
        var project = await ProjectAsync(api);
        var member = await MemberIdAsync(api, "刘芳 Liu Fang");

        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => api.ClientFor(DemoIds.Shanghai, AccountRoles.EthicsSecretary)
            .PostAsJsonAsync(Conflicts(project), new { memberId = member, note = "sent twice at once" })));

        var created = Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        var repeat = Assert.Single(answers, a => a.StatusCode != HttpStatusCode.Created);
        await Expect.StatusAsync(repeat, HttpStatusCode.OK);
        Assert.Equal((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(),
            (await repeat.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        Assert.Equal(1, await api.WithDbAsync(db => db.ConflictsOfInterest.CountAsync(c => c.SiteProjectId == project)));
        Assert.Equal(1, await api.WithDbAsync(db => db.Audit.CountAsync(a => a.Action == ConflictsOfInterestApi.DeclareAction && a.Reason!.Contains(project.ToString()))));
    }

    // A fresh single-site project at the Shanghai demo hospital, whose seeded roster meets the rule.
    private static async Task<Guid> ProjectAsync(ApiFactory api) =>
        await Journey.RegisterSiteAsync(api, await Journey.CreateTrialAsync(api, singleSite: DemoIds.Shanghai), DemoIds.Shanghai);

    private static Task<Guid> MemberIdAsync(ApiFactory api, string name) =>
        api.WithDbAsync(db => db.CommitteeMembers.Where(m => m.InstitutionId == DemoSeed.ShanghaiHospital.Id && m.Name == name && m.RemovedAt == null)
            .Select(m => m.Id).SingleAsync());

    // Links the named member of Shanghai's roster to the demo ethics member's account, through the roster's PUT.
    private static async Task<(Guid Member, HttpClient Client)> LinkedMemberAsync(ApiFactory api, string name)
    {
        var client = api.ClientFor(DemoIds.Shanghai, AccountRoles.EthicsMember);
        var account = await api.WithDbAsync(db => db.Users.Where(u => u.Email == $"{AccountRoles.EthicsMember}@{DemoIds.Shanghai}.test").Select(u => u.Id).SingleAsync());
        var secretary = api.ClientFor(DemoIds.Shanghai, AccountRoles.EthicsSecretary);
        var roster = await GetRosterAsync(secretary);
        var members = roster.GetProperty("members").EnumerateArray().Select(m => Member(m.GetProperty("name").GetString()!, m.GetProperty("role").GetString()!,
            [.. m.GetProperty("expertise").EnumerateArray().Select(e => e.GetString()!)], m.GetProperty("external").GetBoolean(), m.GetProperty("sex").GetString()!,
            m.GetProperty("id").GetGuid(), m.GetProperty("name").GetString() == name ? account : null)).ToList();
        await Expect.StatusAsync(await PutRosterAsync(secretary, roster.GetProperty("version").GetInt64(), members), HttpStatusCode.OK);
        return (await MemberIdAsync(api, name), client);
    }
}
