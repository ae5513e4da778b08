namespace TrialStartup.Api.Tests.Committees;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Committees;
using TrialStartup.Api.Tests.Identity.Accounts;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Data.Accounts;
using TrialStartup.Data.Committees;
using static TrialStartup.Api.Tests.Committees.CommitteeSteps;

/// <summary>
/// Issue 19's roster: replaced as a whole by the secretary, refused with every reason when it breaks the committee's
/// composition rule (nothing stored), and never overwritten unseen by a second secretary. Each test registers an
/// institution of its own.
/// </summary>
[Collection(CommitteeCollection.Name)]
public sealed class RosterApiTests(CommitteeHosts hosts)
{
    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Replace_WhenTheRosterMeetsTheRule_StoresItAtTheNextVersionAndAuditsIt(string database)
    {
        var api = hosts.For(database);
        var (institution, secretary) = await InstitutionAsync(api);
        Assert.Equal(0, (await GetRosterAsync(secretary)).GetProperty("version").GetInt64());

        var response = await PutRosterAsync(secretary, 0, ValidMembers());

        await Expect.StatusAsync(response, HttpStatusCode.OK);
        var roster = await GetRosterAsync(secretary);
        Assert.Equal(1, roster.GetProperty("version").GetInt64());
        Assert.Equal(8, roster.GetProperty("members").GetArrayLength());
        Assert.Empty(roster.GetProperty("breaches").EnumerateArray());
        Assert.Equal(7, roster.GetProperty("rule").GetProperty("minimumMembers").GetInt32());
        Assert.Equal("chair", roster.GetProperty("members")[0].GetProperty("role").GetString());
        Assert.Equal(["medicine", "ethics"], roster.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "赵磊")
            .GetProperty("expertise").EnumerateArray().Select(e => e.GetString()));
        var audited = await api.WithDbAsync(db => db.Audit.Where(a => a.ResourceId == institution.Id && a.Action == RosterApi.ReplaceAction).ToListAsync());
        Assert.Contains("version 1: 8 members (8 added, 0 removed)", Assert.Single(audited).Reason, StringComparison.Ordinal);

        // The administrator reads it too; a person outside the committee does not.
        Assert.Equal(1, (await GetRosterAsync(institution.Admin)).GetProperty("version").GetInt64());
        var contractOffice = api.ClientWithToken(api.TokenFor("institution", institution.Code, institution.Id, "contract-office"));
        await Expect.ProblemAsync(await contractOffice.GetAsync(Roster), HttpStatusCode.Forbidden, "forbidden");
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Replace_WhenTheRosterBreaksTheRule_AnswersEveryReasonAndStoresNothing(string database)
    {
        var api = hosts.For(database);
        var (institution, secretary) = await InstitutionAsync(api);
        await Expect.StatusAsync(await PutRosterAsync(secretary, 0, ValidMembers()), HttpStatusCode.OK);

        // Five members, none from outside, all men, no lawyer.
        object[] broken =
        [
            Member("王建国", "chair", ["medicine"], false, "male"), Member("张伟", "secretary", ["pharmacy"], false, "male"),
            Member("刘强", "member", ["ethics"], false, "male"), Member("杨洋", "member", ["lay"], false, "male"),
            Member("赵磊", "member", ["medicine"], false, "male"),
        ];
        var problem = await Expect.ProblemAsync(await PutRosterAsync(secretary, 1, broken), HttpStatusCode.UnprocessableEntity, "roster-breaks-rule");

        Assert.Equal(["too-few-members", "missing-field", "too-few-external-members", "one-sex"],
            problem.GetProperty("breaches").EnumerateArray().Select(b => b.GetProperty("code").GetString()));
        Assert.Contains("sits for law", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var roster = await GetRosterAsync(secretary);
        Assert.Equal(1, roster.GetProperty("version").GetInt64());
        Assert.Equal(8, roster.GetProperty("members").GetArrayLength());
        Assert.Equal(1, await api.WithDbAsync(db => db.Audit.CountAsync(a => a.ResourceId == institution.Id && a.Action == RosterApi.ReplaceAction)));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Replace_WhenTheOnlyLawyersTermHasEnded_RefusesTheMissingField(string database)
    {
        var api = hosts.For(database);
        var (_, secretary) = await InstitutionAsync(api);
        var members = ValidMembers().Take(4).ToList();
        members.Add(Member("陈静", "member", ["law"], true, "female", termStart: "2019-01-01", termEnd: "2023-12-31"));
        members.AddRange(ValidMembers().Skip(5));

        var problem = await Expect.ProblemAsync(await PutRosterAsync(secretary, 0, members), HttpStatusCode.UnprocessableEntity, "roster-breaks-rule");

        // Eight listed, seven serving: enough members, but no lawyer among them.
        var breach = Assert.Single(problem.GetProperty("breaches").EnumerateArray());
        Assert.Equal(("expertise", "missing-field"), (breach.GetProperty("field").GetString(), breach.GetProperty("code").GetString()));
        Assert.EndsWith("sits for law", breach.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty((await GetRosterAsync(secretary)).GetProperty("members").EnumerateArray());
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Replace_UnderAStricterConfiguredRule_RefusesWhatTheDefaultAccepts(string database)
    {
        var api = hosts.For(database);
        var (institution, secretary) = await InstitutionAsync(api);
        await api.WithDbAsync(async db =>
        {
            var stored = await db.Institutions.SingleAsync(i => i.Id == institution.Id);
            stored.ConfigureCommitteeRule(new CompositionRule(9, "medicine,pharmacy,ethics,law,lay", 4, requireBothSexes: true));
            return await db.SaveChangesAsync();
        });

        var problem = await Expect.ProblemAsync(await PutRosterAsync(secretary, 0, ValidMembers()), HttpStatusCode.UnprocessableEntity, "roster-breaks-rule");

        Assert.Equal(["too-few-members", "too-few-external-members"], problem.GetProperty("breaches").EnumerateArray().Select(b => b.GetProperty("code").GetString()));
        var rule = (await GetRosterAsync(secretary)).GetProperty("rule");
        Assert.Equal((9, 4, 5), (rule.GetProperty("minimumMembers").GetInt32(), rule.GetProperty("minimumExternalMembers").GetInt32(),
            rule.GetProperty("requiredFields").GetArrayLength()));
        var enough = ValidMembers();
        enough.Add(Member("孙丽", "member", ["law"], true, "female"));
        enough.Add(Member("吴刚", "member", ["lay"], true, "male"));
        await Expect.StatusAsync(await PutRosterAsync(secretary, 0, enough), HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Replace_WhenTwoSecretariesReplaceFromTheSameVersion_OneWinsAndTheOtherIsToldToReadAgain(string database)
    {
        var api = hosts.For(database);
        var (institution, secretary) = await InstitutionAsync(api);
        var second = api.ClientWithToken(api.TokenFor("institution", institution.Code, institution.Id, AccountRoles.EthicsSecretary, "second-secretary"));
        var first = ValidMembers();
        var other = ValidMembers();
        other.Add(Member("孙丽", "member", ["law"], true, "female"));

        var answers = await Task.WhenAll(PutRosterAsync(secretary, 0, first), PutRosterAsync(second, 0, other));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        var loser = answers.Single(a => a.StatusCode == HttpStatusCode.Conflict);
        var problem = await Expect.ProblemAsync(loser, HttpStatusCode.Conflict, "roster-changed");
        Assert.Equal(1, problem.GetProperty("currentVersion").GetInt64());
        var winnerCount = answers[0].StatusCode == HttpStatusCode.OK ? first.Count : other.Count;
        var roster = await GetRosterAsync(secretary);
        Assert.Equal((1L, winnerCount), (roster.GetProperty("version").GetInt64(), roster.GetProperty("members").GetArrayLength()));

        // The loser reads again and makes the change on the winner's roster: nothing is lost.
        var kept = roster.GetProperty("members").EnumerateArray().Select(m => (object)Member(m.GetProperty("name").GetString()!,
            m.GetProperty("role").GetString()!, [.. m.GetProperty("expertise").EnumerateArray().Select(e => e.GetString()!)],
            m.GetProperty("external").GetBoolean(), m.GetProperty("sex").GetString()!, m.GetProperty("id").GetGuid())).ToList();
        kept.Add(Member("吴刚", "member", ["lay"], true, "male"));
        await Expect.StatusAsync(await PutRosterAsync(second, 1, kept), HttpStatusCode.OK);
        var after = await GetRosterAsync(secretary);
        Assert.Equal((2L, winnerCount + 1), (after.GetProperty("version").GetInt64(), after.GetProperty("members").GetArrayLength()));
        var ids = after.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetGuid()).ToList();
        Assert.All(roster.GetProperty("members").EnumerateArray(), m => Assert.Contains(m.GetProperty("id").GetGuid(), ids));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Replace_WithAMalformedMember_NamesItsPlaceAndField(string database)
    {
        var api = hosts.For(database);
        var (_, secretary) = await InstitutionAsync(api);
        var members = ValidMembers();
        members[3] = Member("刘芳", "member", ["ethics", "astrology"], true, "female");

        var problem = await Expect.ProblemAsync(await PutRosterAsync(secretary, 0, members), HttpStatusCode.BadRequest, "invalid-request");

        Assert.Equal("members[3].expertise", problem.GetProperty("field").GetString());
        members[3] = Member("刘芳", "member", ["lay", "medicine"], true, "female");
        Assert.Equal("members[3].expertise", (await Expect.ProblemAsync(await PutRosterAsync(secretary, 0, members), HttpStatusCode.BadRequest, "invalid-request"))
            .GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Replace_WithANullMember_NamesItsPlaceAndStoresNothing(string database)
    {
        var api = hosts.For(database);
        var (_, secretary) = await InstitutionAsync(api);
        var members = ValidMembers();
        members[2] = null!;

        var problem = await Expect.ProblemAsync(await PutRosterAsync(secretary, 0, members), HttpStatusCode.BadRequest, "invalid-request");

        Assert.Equal("members[2]", problem.GetProperty("field").GetString());
        Assert.Equal(0, (await GetRosterAsync(secretary)).GetProperty("version").GetInt64());
    }

    private static async Task<(NewOrganisation Institution, HttpClient Secretary)> InstitutionAsync(ApiFactory api)
    {
        var institution = await AccountSteps.NewInstitutionAsync(api);
        return (institution, api.ClientWithToken(api.TokenFor("institution", institution.Code, institution.Id, AccountRoles.EthicsSecretary)));
    }
}
