namespace TrialStartup.Api.Tests.Reviews;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Api.Tests.TestServers;

[Collection(ApiCollection.Name)]
public sealed class InboxTests(ApiHosts hosts)
{
    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Inbox_AfterIntake_ShowsEachReviewerRoleExactlyItsOwnTask(string database)
    {
        var api = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);

        var expected = new Dictionary<string, string>
        {
            [Roles.ApprovalOffice] = "institutional-approval",
            [Roles.EthicsCommittee] = "ethics-review",
            [Roles.ContractOffice] = "contract-review",
        };
        foreach (var (role, step) in expected)
        {
            var inbox = await Reviewing.WholeInboxAsync(api.ClientFor(DemoIds.Shanghai, role));
            var mine = Assert.Single(inbox, t => t.GetProperty("siteProjectId").GetGuid() == project);
            Assert.Equal(step, mine.Str("stepId"));
            Assert.Equal(role, mine.Str("role"));
            Assert.All(inbox, t => Assert.Equal(role, t.Str("role")));
            Assert.All(inbox, t => Assert.Equal(Organisations.DemoSeed.ShanghaiHospital.Id, t.GetProperty("institutionId").GetGuid()));
            AssertSortedByPriorityThenDeadline(inbox);
        }

        // The site office's intake is done, and nobody of another institution sees the project's tasks.
        Assert.DoesNotContain(await Reviewing.WholeInboxAsync(api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice)),
            t => t.GetProperty("siteProjectId").GetGuid() == project);
        Assert.DoesNotContain(await Reviewing.WholeInboxAsync(api.ClientFor(DemoIds.Lead, Roles.EthicsCommittee)),
            t => t.GetProperty("siteProjectId").GetGuid() == project);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Inbox_WithAnInnovativeProject_PutsItsHighPriorityTaskFirst(string database)
    {
        var api = hosts.For(database);
        var normal = await Journey.SubmittedSingleSiteAsync(api, DemoIds.Lead);
        var innovative = await Journey.SubmittedSingleSiteAsync(api, DemoIds.Lead, innovative: true);

        var inbox = await Reviewing.WholeInboxAsync(api.ClientFor(DemoIds.Lead, Roles.SiteOffice));

        var ids = inbox.Select(t => t.GetProperty("siteProjectId").GetGuid()).ToList();
        Assert.Equal("high", inbox[ids.IndexOf(innovative)].Str("priority"));
        Assert.True(ids.IndexOf(innovative) < ids.IndexOf(normal), "the green-channel intake comes before the standard one");
        AssertSortedByPriorityThenDeadline(inbox);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Inbox_OfTheSponsor_ShowsItsChangeRequestsOnly(string database)
    {
        var api = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
        await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.ContractOffice, "contract-review", "changes-requested");

        var sponsorInbox = await Reviewing.WholeInboxAsync(api.ClientFor(DemoIds.Sponsor, Roles.Sponsor));
        var otherSponsorInbox = await Reviewing.WholeInboxAsync(api.ClientFor(DemoIds.OtherSponsor, Roles.Sponsor));
        var contractOfficeInbox = await Reviewing.WholeInboxAsync(api.ClientFor(DemoIds.Shanghai, Roles.ContractOffice));

        var request = Assert.Single(sponsorInbox, t => t.GetProperty("siteProjectId").GetGuid() == project);
        Assert.Equal(("contract-review", Roles.Sponsor, true),
            (request.Str("stepId"), request.Str("role"), request.GetProperty("heldBySubmitter").GetBoolean()));
        Assert.All(sponsorInbox, t => Assert.Equal(Roles.Sponsor, t.Str("role")));
        Assert.DoesNotContain(otherSponsorInbox, t => t.GetProperty("siteProjectId").GetGuid() == project);
        Assert.DoesNotContain(contractOfficeInbox, t => t.GetProperty("siteProjectId").GetGuid() == project);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task SponsorsChangeRequest_IsInItsSitesOfficeInbox_WhichMayHandInTheAnswer(string database)
    {
        var api = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
        await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.ContractOffice, "contract-review", "changes-requested");

        var siteOffice = api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice);
        var request = Assert.Single(await Reviewing.WholeInboxAsync(siteOffice), t => t.GetProperty("siteProjectId").GetGuid() == project);
        Assert.Equal(("contract-review", Roles.Sponsor, true),
            (request.Str("stepId"), request.Str("role"), request.GetProperty("heldBySubmitter").GetBoolean()));
        Assert.DoesNotContain(await Reviewing.WholeInboxAsync(api.ClientFor(DemoIds.Lead, Roles.SiteOffice)),
            t => t.GetProperty("siteProjectId").GetGuid() == project);

        // Another role of the same institution may not answer it; nothing is recorded but the refusal.
        var resubmissions = new Uri($"/api/v1/site-projects/{project}/resubmissions", UriKind.Relative);
        var version = await Reviewing.VersionAsync(api, project, DemoIds.Shanghai);
        var refused = await api.ClientFor(DemoIds.Shanghai, Roles.ApprovalOffice)
            .PostAsJsonAsync(resubmissions, new { stepId = "contract-review", expectedVersion = version, note = "not ours" });
        await Expect.ProblemAsync(refused, HttpStatusCode.UnprocessableEntity, "wrong-role");
        Assert.Equal(version, await Reviewing.VersionAsync(api, project, DemoIds.Shanghai));

        var answered = await siteOffice.PostAsJsonAsync(resubmissions, new { stepId = "contract-review", expectedVersion = version, note = "budget revised by the sponsor" });
        await Expect.StatusAsync(answered, HttpStatusCode.OK);
        var detail = await Journey.DetailAsync(api, project, DemoIds.Shanghai);
        var resubmitted = Assert.Single(detail.GetProperty("history").EnumerateArray(), h => h.Str("type") == "resubmitted").GetProperty("event");
        Assert.Equal(Roles.SiteOffice, resubmitted.GetProperty("by").Str("role"));
        var reopened = Assert.Single(await Reviewing.WholeInboxAsync(api.ClientFor(DemoIds.Shanghai, Roles.ContractOffice)),
            t => t.GetProperty("siteProjectId").GetGuid() == project);
        Assert.Equal(("contract-review", 2), (reopened.Str("stepId"), reopened.GetProperty("round").GetInt32()));
        Assert.DoesNotContain(await Reviewing.WholeInboxAsync(api.ClientFor(DemoIds.Sponsor, Roles.Sponsor)),
            t => t.GetProperty("siteProjectId").GetGuid() == project);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Inbox_SaysWhoHandedEachTaskOver_AsTheProjectsEventsRecordThem(string database)
    {
        var api = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
        var siteOffice = api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice);
        var history = (await Journey.DetailAsync(api, project, DemoIds.Shanghai)).GetProperty("history").EnumerateArray().ToList();
        var intake = history.Single(h => h.Str("type") == "task-completed").GetProperty("event").GetProperty("by");

        // The reviews were handed over by whoever completed intake.
        var ethics = Assert.Single(await Reviewing.WholeInboxAsync(api.ClientFor(DemoIds.Shanghai, Roles.EthicsCommittee)),
            t => t.GetProperty("siteProjectId").GetGuid() == project);
        AssertHandedOverBy(intake, ethics);
        Assert.Equal((Roles.SiteOffice, DemoIds.Shanghai), (ethics.GetProperty("handedOverBy").Str("role"), ethics.GetProperty("handedOverBy").Str("organisation")));

        // A change request is the reviewer's hand-over to the sponsor; the answer is the site office's back to the reviewer.
        await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.ContractOffice, "contract-review", "changes-requested");
        var decided = (await Journey.DetailAsync(api, project, DemoIds.Shanghai)).GetProperty("history").EnumerateArray()
            .Last(h => h.Str("type") == "task-completed").GetProperty("event").GetProperty("by");
        var request = Assert.Single(await Reviewing.WholeInboxAsync(api.ClientFor(DemoIds.Sponsor, Roles.Sponsor)),
            t => t.GetProperty("siteProjectId").GetGuid() == project);
        AssertHandedOverBy(decided, request);
        Assert.Equal(Roles.ContractOffice, request.GetProperty("handedOverBy").Str("role"));

        var version = await Reviewing.VersionAsync(api, project, DemoIds.Shanghai);
        var answered = await siteOffice.PostAsJsonAsync(new Uri($"/api/v1/site-projects/{project}/resubmissions", UriKind.Relative),
            new { stepId = "contract-review", expectedVersion = version, note = "budget revised" });
        await Expect.StatusAsync(answered, HttpStatusCode.OK);
        var resubmitted = (await Journey.DetailAsync(api, project, DemoIds.Shanghai)).GetProperty("history").EnumerateArray()
            .Single(h => h.Str("type") == "resubmitted").GetProperty("event").GetProperty("by");
        var reopened = Assert.Single(await Reviewing.WholeInboxAsync(api.ClientFor(DemoIds.Shanghai, Roles.ContractOffice)),
            t => t.GetProperty("siteProjectId").GetGuid() == project);
        AssertHandedOverBy(resubmitted, reopened);

        // The other open tasks were not handed over again.
        var stillEthics = Assert.Single(await Reviewing.WholeInboxAsync(api.ClientFor(DemoIds.Shanghai, Roles.EthicsCommittee)),
            t => t.GetProperty("siteProjectId").GetGuid() == project);
        AssertHandedOverBy(intake, stillEthics);
    }

    private static void AssertHandedOverBy(JsonElement actor, JsonElement task)
    {
        var by = task.GetProperty("handedOverBy");
        Assert.Equal((actor.Str("id"), actor.Str("name"), actor.Str("role"), actor.Str("organisation")),
            (by.Str("id"), by.Str("name"), by.Str("role"), by.Str("organisation")));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Inbox_Paged_GivesDisjointPagesAndTheTotal(string database)
    {
        var api = hosts.For(database);
        await Journey.SubmittedSingleSiteAsync(api, DemoIds.Alliance);
        await Journey.SubmittedSingleSiteAsync(api, DemoIds.Alliance);
        var client = api.ClientFor(DemoIds.Alliance, Roles.SiteOffice);

        var first = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/inbox?page=1&pageSize=1", UriKind.Relative));
        var second = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/inbox?page=2&pageSize=1", UriKind.Relative));
        var invalid = await client.GetAsync(new Uri("/api/v1/inbox?pageSize=0", UriKind.Relative));

        Assert.True(first.GetProperty("total").GetInt32() >= 2);
        Assert.Equal((1, 1), (first.GetProperty("pageNumber").GetInt32(), first.GetProperty("pageSize").GetInt32()));
        var a = Assert.Single(first.GetProperty("items").EnumerateArray());
        var b = Assert.Single(second.GetProperty("items").EnumerateArray());
        Assert.NotEqual(a.GetProperty("siteProjectId").GetGuid(), b.GetProperty("siteProjectId").GetGuid());
        Assert.Equal("pageSize", (await Expect.ProblemAsync(invalid, HttpStatusCode.BadRequest, "invalid-request")).Str("field"));
    }

    // High priority first, then the earliest deadline, and tasks without a running clock last.
    private static void AssertSortedByPriorityThenDeadline(List<JsonElement> inbox)
    {
        static (int, int, DateTimeOffset) Key(JsonElement t) =>
        (
            t.Str("priority") == "high" ? 0 : 1,
            t.GetProperty("dueAt").ValueKind == JsonValueKind.Null ? 1 : 0,
            t.GetProperty("dueAt").ValueKind == JsonValueKind.Null ? DateTimeOffset.MaxValue : t.GetProperty("dueAt").GetDateTimeOffset()
        );
        var keys = inbox.Select(Key).ToList();
        Assert.Equal(keys.Order(), keys);
    }
}
