namespace TrialStartup.Api.Tests.Committees;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Messaging;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Data.Accounts;
using TrialStartup.Workflows.Definitions;
using static TrialStartup.Api.Tests.Committees.MeetingSteps;

/// <summary>
/// Issue 19's joint review (联合审查): the lead site's meeting decides a multi-center trial with a participating site's
/// committee invited to observe; the observer sees the result and its recognition task cites the meeting and the
/// lead's signed decision. A committee not invited sees nothing of it.
/// </summary>
[Collection(CommitteeCollection.Name)]
public sealed class JointReviewTests(CommitteeHosts hosts)
{
    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task InvitingObservers_WithTheEmptyInstitutionId_IsRefusedNamingTheFieldAndInvitesNobody(string database)
    {
        var api = hosts.For(database);
        var leadSecretary = Secretary(api, DemoIds.Lead);
        var startsAt = ((TimeProvider)api.Services.GetService(typeof(TimeProvider))!).GetUtcNow().AddDays(3);
        var added = await leadSecretary.PostAsJsonAsync(Meetings, new { startsAt, cutoffAt = startsAt.AddDays(-1) });
        await Expect.StatusAsync(added, HttpStatusCode.Created);
        var meeting = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var observers = $"{Meetings}/{meeting}/observers";
        try
        {
            var problem = await Expect.ProblemAsync(await leadSecretary.PutAsJsonAsync(observers, new { institutionIds = new[] { Guid.Empty } }),
                HttpStatusCode.BadRequest, "invalid-request");

            Assert.Equal("institutionIds", problem.GetProperty("field").GetString());
            Assert.Contains(Guid.Empty.ToString(), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Empty((await leadSecretary.GetFromJsonAsync<JsonElement>(observers)).GetProperty("invited").EnumerateArray());
        }
        finally
        {
            // The shared host's other tests put items on the lead's next meeting with room: this one must not be it.
            await Expect.StatusAsync(await leadSecretary.PostAsJsonAsync($"{Meetings}/{meeting}/cancellation", new { reason = "test meeting" }), HttpStatusCode.OK);
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task AnObservingSite_SeesTheLeadsJointReview_AndItsRecognitionCitesTheMeetingAndTheLeadsDecision(string database)
    {
        var api = hosts.For(database);
        var trial = await Journey.CreateTrialAsync(api, multiCenter: true);
        var lead = await Journey.SubmittedSiteAsync(api, trial, DemoIds.Lead);
        var alliance = await Journey.SubmittedSiteAsync(api, trial, DemoIds.Alliance);
        await Reviewing.DecideAsync(api, alliance, DemoIds.Alliance, Roles.SiteOffice, "intake", "complete");
        await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.SiteOffice, "intake", "complete");

        // The lead's committee meets in a few minutes (today), with the trial on its agenda and the alliance site observing.
        var leadSecretary = Secretary(api, DemoIds.Lead);
        var startsAt = ((TimeProvider)api.Services.GetService(typeof(TimeProvider))!).GetUtcNow().AddMinutes(5);
        var added = await leadSecretary.PostAsJsonAsync(Meetings, new { startsAt, cutoffAt = startsAt });
        await Expect.StatusAsync(added, HttpStatusCode.Created);
        var meeting = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var item = (await RouteAsync(api, lead, meetingId: meeting, by: leadSecretary)).GetProperty("id").GetGuid();
        var observers = $"{Meetings}/{meeting}/observers";
        await Expect.ProblemAsync(await leadSecretary.PutAsJsonAsync(observers, new { institutionIds = new[] { DemoSeed.ShanghaiHospital.Id } }),
            HttpStatusCode.BadRequest, "invalid-request"); // not a site of the trial on the agenda (not registered)
        var who = await leadSecretary.GetFromJsonAsync<JsonElement>(observers);
        Assert.Equal([DemoSeed.AllianceHospital.Id], who.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("institutionId").GetGuid()));
        Assert.Empty(who.GetProperty("invited").EnumerateArray());
        await Expect.StatusAsync(await leadSecretary.PutAsJsonAsync(observers, new { institutionIds = new[] { DemoSeed.AllianceHospital.Id } }), HttpStatusCode.OK);
        Assert.Equal([DemoSeed.AllianceHospital.Id], (await leadSecretary.GetFromJsonAsync<JsonElement>(observers)).GetProperty("invited").EnumerateArray()
            .Select(c => c.GetProperty("institutionId").GetGuid()));

        await Expect.StatusAsync(await leadSecretary.PostAsync(new Uri($"{Meetings}/{meeting}/opening", UriKind.Relative), null), HttpStatusCode.OK);
        var members = await api.WithDbAsync(db => db.CommitteeMembers.Where(m => m.InstitutionId == DemoSeed.LeadHospital.Id && m.RemovedAt == null)
            .OrderBy(m => m.Name).Select(m => m.Id).ToListAsync());
        foreach (var member in members.Take(6))
        {
            await Expect.StatusAsync(await leadSecretary.PutAsJsonAsync($"{Meetings}/{meeting}/attendance/{member}", new { present = true }), HttpStatusCode.OK);
            await Expect.StatusAsync(await leadSecretary.PutAsJsonAsync($"{Items}/{item}/votes/{member}", new { outcome = "approve" }), HttpStatusCode.OK);
        }

        var decided = await DecideAsync(leadSecretary, item);
        await Expect.StatusAsync(decided, HttpStatusCode.OK);
        var leadDecision = (await decided.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("decisionId").GetGuid();

        // The observer sees the meeting and the trial's result; a committee not invited does not.
        var allianceSecretary = Secretary(api, DemoIds.Alliance);
        var seen = (await allianceSecretary.GetFromJsonAsync<JsonElement>("/api/v1/ethics-committee/joint-reviews")).EnumerateArray()
            .Single(r => r.GetProperty("meetingId").GetGuid() == meeting);
        var shared = Assert.Single(seen.GetProperty("items").EnumerateArray());
        Assert.Equal((trial, "approve", leadDecision, alliance), (shared.GetProperty("trialId").GetGuid(), shared.GetProperty("outcome").GetString(),
            shared.GetProperty("decisionId").GetGuid(), shared.GetProperty("siteProjectId").GetGuid()));
        Assert.DoesNotContain((await Secretary(api).GetFromJsonAsync<JsonElement>("/api/v1/ethics-committee/joint-reviews")).EnumerateArray(),
            r => r.GetProperty("meetingId").GetGuid() == meeting);

        // The lead's approval reaches the alliance site (the green channel), whose recognition cites the joint review.
        await GreenChannelTests.OpenTaskAsync(api, alliance, DemoIds.Alliance, "ethics-recognition");
        var recognised = await allianceSecretary.PostAsJsonAsync($"/api/v1/ethics-committee/joint-reviews/{meeting}/recognitions",
            new { siteProjectId = alliance, signature = new { meaning = "recognised for the committee", password = ApiFactory.TestPassword } });

        await Expect.StatusAsync(recognised, HttpStatusCode.OK);
        var recorded = await api.WithDbAsync(db => db.Decisions.SingleAsync(d => d.SiteProjectId == alliance && d.StepId == "ethics-recognition"));
        Assert.Equal("recognised", recorded.Outcome);
        Assert.Contains("联合审查", recorded.Reason, StringComparison.Ordinal);
        Assert.Contains(leadDecision.ToString(), recorded.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("ethics-recognition", await OpenStepsAsync(api, alliance));

        // Shanghai's committee was not invited: the recognition route does not know the meeting.
        await Expect.ProblemAsync(await Secretary(api).PostAsJsonAsync($"/api/v1/ethics-committee/joint-reviews/{meeting}/recognitions",
            new { siteProjectId = alliance, signature = new { meaning = "x", password = ApiFactory.TestPassword } }), HttpStatusCode.NotFound, "not-found");
    }

    private static async Task<List<string>> OpenStepsAsync(ApiFactory api, Guid project) =>
        [.. (await Journey.DetailAsync(api, project, DemoIds.Alliance)).GetProperty("openTasks").EnumerateArray().Select(t => t.GetProperty("stepId").GetString()!)];
}
