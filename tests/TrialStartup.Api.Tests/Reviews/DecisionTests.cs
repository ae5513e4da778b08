namespace TrialStartup.Api.Tests.Reviews;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Api.Tests.TestServers;

[Collection(ApiCollection.Name)]
public sealed class DecisionTests(ApiHosts hosts)
{
    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Decisions_AlongTheStandardPath_EndWithTheSiteActivated(string database)
    {
        var api = hosts.For(database);
        var project = await Journey.SubmittedSingleSiteAsync(api, DemoIds.Shanghai);

        // Each answer says what the decision changed: closed, opened, the new version, and where the project stands.
        var afterIntake = await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.SiteOffice, "intake", "complete");
        Assert.Equal(("intake", "complete"), (Assert.Single(afterIntake.GetProperty("closed").EnumerateArray()).Str("stepId"),
            afterIntake.GetProperty("closed")[0].Str("outcome")));
        Assert.Equal(["contract-review", "ethics-review", "institutional-approval"],
            afterIntake.GetProperty("opened").EnumerateArray().Select(t => t.Str("stepId")).Order(StringComparer.Ordinal));
        Assert.Equal(afterIntake.GetProperty("version").GetInt64(), afterIntake.GetProperty("status").GetProperty("version").GetInt64());
        await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.ApprovalOffice, "institutional-approval", "approve");
        await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.EthicsCommittee, "ethics-review", "approve", reviewType: "full-board");
        var afterReviews = await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.ContractOffice, "contract-review", "agreed");
        Assert.Equal("contract-signing", Assert.Single(afterReviews.GetProperty("opened").EnumerateArray()).Str("stepId"));
        Assert.Equal(["contract-signing"], afterReviews.GetProperty("status").GetProperty("currentSteps").EnumerateArray().Select(s => s.GetString()));
        await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.ContractOffice, "contract-signing", "signed");
        var ended = await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.PrincipalInvestigator, "startup-meeting", "held");

        var status = ended.GetProperty("status");
        Assert.Equal(("ended", "activated"), (status.Str("status"), status.Str("result")));
        Assert.Empty(ended.GetProperty("opened").EnumerateArray());
        var detail = await Journey.DetailAsync(api, project, DemoIds.Shanghai);
        Assert.Empty(detail.GetProperty("openTasks").EnumerateArray());
        var ethics = detail.GetProperty("history").EnumerateArray()
            .Single(h => h.Str("type") == "task-completed" && h.GetProperty("event").Str("stepId") == "ethics-review");
        Assert.Equal("full-board", ethics.GetProperty("event").GetProperty("decisionFacts").Str("reviewType"));
        var decisions = await api.ClientFor(DemoIds.Sponsor, Roles.Sponsor).GetFromJsonAsync<JsonElement>(Reviewing.DecisionsOf(project));
        Assert.Equal(["intake", "institutional-approval", "ethics-review", "contract-review", "contract-signing", "startup-meeting"],
            decisions.EnumerateArray().Select(d => d.Str("stepId")));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Decide_AnswersWhatChanged_AndTheWholeProjectOnlyWhenAskedFor(string database)
    {
        var api = hosts.For(database);
        var project = await Journey.SubmittedSingleSiteAsync(api, DemoIds.Shanghai);

        var small = await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.SiteOffice, "intake", "complete");

        // The deadlines it touched: the intake's closed, two armed (warning and target) for each review it opened.
        var deadlines = small.GetProperty("deadlines").EnumerateArray().ToList();
        var intake = deadlines.Where(d => d.Str("stepId") == "intake").ToList();
        Assert.Equal(["breach", "warning"], intake.Select(d => d.Str("kind")).Order(StringComparer.Ordinal));
        Assert.All(intake, d => Assert.Equal("cancelled", d.Str("state")));
        // Each as stored: the answer is the rows the project's detail reads back (instants to the millisecond, as stored).
        var stored = (await Journey.DetailAsync(api, project, DemoIds.Shanghai)).GetProperty("deadlines").EnumerateArray()
            .Select(AsStored).ToList();
        Assert.All(deadlines, d => Assert.Contains(AsStored(d), stored));
        Assert.Equal(["contract-review", "contract-review", "ethics-review", "ethics-review", "institutional-approval", "institutional-approval"],
            deadlines.Where(d => d.Str("state") == "armed").Select(d => d.Str("stepId")).Order(StringComparer.Ordinal));
        Assert.False(small.TryGetProperty("history", out _));
        Assert.False(small.TryGetProperty("openTasks", out _));

        // Asked for (RFC 7240), the answer is the project's whole detail, as a GET gives it.
        var client = api.ClientFor(DemoIds.Shanghai, Roles.ApprovalOffice);
        var body = Reviewing.Body("institutional-approval", "approve", expectedVersion: null);
        body["round"] = 1;
        using var request = new HttpRequestMessage(HttpMethod.Post, Reviewing.DecisionsOf(project)) { Content = JsonContent.Create(body) };
        request.Headers.Add("Prefer", "return=representation");
        var full = await client.SendAsync(request);
        await Expect.StatusAsync(full, HttpStatusCode.OK);
        var detail = await full.Content.ReadFromJsonAsync<JsonElement>();
        var fetched = await Journey.DetailAsync(api, project, DemoIds.Shanghai);
        Assert.Equal(fetched.GetProperty("history").GetArrayLength(), detail.GetProperty("history").GetArrayLength());
        Assert.Equal(["contract-review", "ethics-review"],
            detail.GetProperty("openTasks").EnumerateArray().Select(t => t.Str("stepId")).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Decide_ByTheWrongRole_Is422WrongRoleAndAuditedAsRefused(string database)
    {
        var api = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
        var version = await Reviewing.VersionAsync(api, project, DemoIds.Shanghai);

        var response = await api.ClientFor(DemoIds.Shanghai, Roles.ApprovalOffice)
            .PostAsJsonAsync(Reviewing.DecisionsOf(project), Reviewing.Body("ethics-review", "approve", version, "expedited"));

        var problem = await Expect.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "wrong-role");
        Assert.Equal(version, problem.GetProperty("currentVersion").GetInt64());
        Assert.Equal(version, await Reviewing.VersionAsync(api, project, DemoIds.Shanghai));
        var entry = (await Reviewing.AuditOfAsync(api, project, DemoIds.Shanghai))[0];
        Assert.Equal(("record-decision", false, "wrong-role", Roles.ApprovalOffice, DemoIds.Shanghai),
            (entry.Str("action"), entry.GetProperty("accepted").GetBoolean(), entry.Str("outcome"), entry.Str("role"), entry.Str("organisation")));
        Assert.Contains("ethics-committee", entry.Str("reason"), StringComparison.Ordinal);
        Assert.Equal(0, await DecisionCountAsync(api, project, "ethics-review"));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Decide_AnUnknownStepOrOutcome_Is422WithTheEnginesCode(string database)
    {
        var api = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
        var version = await Reviewing.VersionAsync(api, project, DemoIds.Shanghai);
        var client = api.ClientFor(DemoIds.Shanghai, Roles.EthicsCommittee);

        var unknownStep = await client.PostAsJsonAsync(Reviewing.DecisionsOf(project), Reviewing.Body("ethics-party", "approve", version));
        var unknownOutcome = await client.PostAsJsonAsync(Reviewing.DecisionsOf(project),
            Reviewing.Body("ethics-review", "rubber-stamp", version, "full-board"));

        await Expect.ProblemAsync(unknownStep, HttpStatusCode.UnprocessableEntity, "unknown-step");
        await Expect.ProblemAsync(unknownOutcome, HttpStatusCode.UnprocessableEntity, "outcome-not-allowed");
        Assert.Equal(version, await Reviewing.VersionAsync(api, project, DemoIds.Shanghai));
        Assert.Equal(1, await DecisionCountAsync(api, project, null)); // the intake's record only
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Decide_OnAnotherInstitutionsProject_Is404LikeAnUnknownId(string database)
    {
        var api = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
        var version = await Reviewing.VersionAsync(api, project, DemoIds.Shanghai);
        var body = Reviewing.Body("ethics-review", "approve", version, "full-board");

        var foreign = await api.ClientFor(DemoIds.Lead, Roles.EthicsCommittee).PostAsJsonAsync(Reviewing.DecisionsOf(project), body);
        var otherSponsor = await api.ClientFor(DemoIds.OtherSponsor, Roles.Sponsor).PostAsJsonAsync(Reviewing.DecisionsOf(project), body);
        var unknown = await api.ClientFor(DemoIds.Lead, Roles.EthicsCommittee).PostAsJsonAsync(Reviewing.DecisionsOf(Guid.NewGuid()), body);

        var foreignProblem = await Expect.ProblemAsync(foreign, HttpStatusCode.NotFound, "not-found");
        await Expect.ProblemAsync(otherSponsor, HttpStatusCode.NotFound, "not-found");
        var unknownProblem = await Expect.ProblemAsync(unknown, HttpStatusCode.NotFound, "not-found");
        Assert.Equal(unknownProblem.Str("title"), foreignProblem.Str("title"));
        Assert.Equal(version, await Reviewing.VersionAsync(api, project, DemoIds.Shanghai));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Decide_ByTheProjectsSponsor_Is403(string database)
    {
        var api = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
        var version = await Reviewing.VersionAsync(api, project, DemoIds.Shanghai);

        var response = await api.ClientFor(DemoIds.Sponsor, Roles.Sponsor)
            .PostAsJsonAsync(Reviewing.DecisionsOf(project), Reviewing.Body("contract-review", "agreed", version));

        await Expect.ProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(version, await Reviewing.VersionAsync(api, project, DemoIds.Shanghai));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Decide_WithAStaleExpectedVersion_Is409ConcurrencyConflictWithTheCurrentVersion(string database)
    {
        var api = hosts.For(database);
        var project = await Journey.SubmittedSingleSiteAsync(api, DemoIds.Shanghai);
        var stale = await Reviewing.VersionAsync(api, project, DemoIds.Shanghai);
        await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.SiteOffice, "intake", "complete");
        var current = await Reviewing.VersionAsync(api, project, DemoIds.Shanghai);

        var response = await api.ClientFor(DemoIds.Shanghai, Roles.ApprovalOffice)
            .PostAsJsonAsync(Reviewing.DecisionsOf(project), Reviewing.Body("institutional-approval", "approve", stale));

        var problem = await Expect.ProblemAsync(response, HttpStatusCode.Conflict, "concurrency-conflict");
        Assert.Equal(current, problem.GetProperty("currentVersion").GetInt64());
        Assert.Equal(current, await Reviewing.VersionAsync(api, project, DemoIds.Shanghai));
        Assert.Equal("concurrency-conflict", (await Reviewing.AuditOfAsync(api, project, DemoIds.Shanghai))[0].Str("outcome"));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Decide_TwiceConcurrentlyOnOneTask_AcceptsExactlyOneAndAnswersTheOther409(string database)
    {
        var api = hosts.For(database);
        var first = api.ClientFor(DemoIds.Shanghai, Roles.ApprovalOffice, person: "reviewer-a");
        var second = api.ClientFor(DemoIds.Shanghai, Roles.ApprovalOffice, person: "reviewer-b");

        // Several rounds, because a race that happens to serialise once proves little.
        for (var round = 0; round < 5; round++)
        {
            var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
            var version = await Reviewing.VersionAsync(api, project, DemoIds.Shanghai);

            var responses = await Task.WhenAll(
                first.PostAsJsonAsync(Reviewing.DecisionsOf(project), Reviewing.Body("institutional-approval", "approve", version)),
                second.PostAsJsonAsync(Reviewing.DecisionsOf(project), Reviewing.Body("institutional-approval", "reject", version)));

            var statuses = responses.Select(r => r.StatusCode).Order().ToList();
            Assert.True(statuses.SequenceEqual([HttpStatusCode.OK, HttpStatusCode.Conflict]),
                $"round {round}: {string.Join(", ", await Task.WhenAll(responses.Select(async r => $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}")))}");
            await Expect.ProblemAsync(responses.Single(r => r.StatusCode == HttpStatusCode.Conflict), HttpStatusCode.Conflict, "concurrency-conflict");
            Assert.Equal(1, await DecisionCountAsync(api, project, "institutional-approval"));
            var decisions = (await Reviewing.AuditOfAsync(api, project, DemoIds.Shanghai))
                .Where(e => e.Str("action") == "record-decision" && e.Str("role") == Roles.ApprovalOffice).ToList();
            Assert.Equal([false, true], decisions.Select(e => e.GetProperty("accepted").GetBoolean()).Order());
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Decide_WithoutATaskReferenceOrSignature_Is400NamingTheFieldAndStoresNothing(string database)
    {
        var api = hosts.For(database);
        var project = await Journey.SubmittedSingleSiteAsync(api, DemoIds.Shanghai);
        var version = await Reviewing.VersionAsync(api, project, DemoIds.Shanghai);
        var auditBefore = (await Reviewing.AuditOfAsync(api, project, DemoIds.Shanghai)).Count;
        var client = api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice);
        var noVersion = Reviewing.Body("intake", "complete", null);
        var noSignature = Reviewing.Body("intake", "complete", version);
        noSignature.Remove("signature");
        var noMeaning = Reviewing.Body("intake", "complete", version);
        noMeaning["signature"] = new { password = ApiFactory.TestPassword };
        var blankName = Reviewing.Body("intake", "complete", version, printedName: "  ");

        var cases = new (Dictionary<string, object?> Body, string Field)[]
        {
            (noVersion, "round"), (noSignature, "signature"), (noMeaning, "signature.meaning"),
            (blankName, "signature.printedName"),
        };
        foreach (var (body, field) in cases)
        {
            var response = await client.PostAsJsonAsync(Reviewing.DecisionsOf(project), body);
            Assert.Equal(field, (await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "invalid-request")).Str("field"));
        }

        // A malformed request is not a command: no events, no decision record, and no audit entry.
        Assert.Equal(version, await Reviewing.VersionAsync(api, project, DemoIds.Shanghai));
        Assert.Equal(0, await DecisionCountAsync(api, project, null));
        Assert.Equal(auditBefore, (await Reviewing.AuditOfAsync(api, project, DemoIds.Shanghai)).Count);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task DecisionRecord_OfAnAcceptedDecision_HoldsTheSignatureAndTheLatestDocumentHashes(string database)
    {
        var api = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
        var newProtocol = new string('b', 64);
        await api.WithDbAsync(async db =>
        {
            db.Documents.Add(new Data.Dossier.DossierDocument(Guid.NewGuid(), project, "protocol", 2, "protocol-v2.pdf", Guid.NewGuid().ToString("N"),
                "application/pdf", 2000, newProtocol, DateTimeOffset.UtcNow, "test"));
            return await db.SaveChangesAsync();
        });
        var version = await Reviewing.VersionAsync(api, project, DemoIds.Shanghai);

        var chair = api.ClientFor(DemoIds.Shanghai, Roles.EthicsCommittee, person: "ec-chair");
        var chairId = (await chair.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/me", UriKind.Relative))).Str("id");
        var response = await chair.PostAsJsonAsync(Reviewing.DecisionsOf(project),
            Reviewing.Body("ethics-review", "approve", version, "full-board", meaning: "approved as chair of the ethics committee"));
        await Expect.StatusAsync(response, HttpStatusCode.OK);

        var decisions = await api.ClientFor(DemoIds.Sponsor, Roles.Sponsor).GetFromJsonAsync<JsonElement>(Reviewing.DecisionsOf(project));
        var record = decisions.EnumerateArray().Single(d => d.Str("stepId") == "ethics-review");
        // The printed name is the signer's registered name, whatever a request might say.
        Assert.Equal(("Test ethics-secretary of sh-site", "approved as chair of the ethics committee", "approve", 1),
            (record.Str("printedName"), record.Str("signatureMeaning"), record.Str("outcome"), record.GetProperty("round").GetInt32()));
        Assert.Equal((chairId, Roles.EthicsCommittee, DemoIds.Shanghai), (record.Str("actorId"), record.Str("actorRole"), record.Str("actorOrganisation")));
        Assert.Equal(TimeSpan.Zero, record.GetProperty("signedAt").GetDateTimeOffset().Offset);
        var expected = await api.WithDbAsync(async db => (await db.Documents.Where(d => d.SiteProjectId == project).ToListAsync())
            .GroupBy(d => d.Kind).Select(g => g.MaxBy(d => d.Version)!).Select(d => (d.Kind, d.Version, d.Sha256)).Order().ToList());
        var covered = record.GetProperty("documents").EnumerateArray()
            .Select(d => (d.Str("kind"), d.GetProperty("version").GetInt32(), d.Str("sha256"))).Order().ToList();
        Assert.Equal(expected, covered);
        Assert.Contains(("protocol", 2, newProtocol), covered);

        // The record and the decision's events share the command id: they were written together.
        var commandId = record.GetProperty("commandId").GetGuid();
        Assert.True(await api.WithDbAsync(db => db.Events.AnyAsync(e => e.CommandId == commandId && e.Type == "task-completed")));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task DecisionList_ForAnotherOrganisation_Is404(string database)
    {
        var api = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);

        var institution = await api.ClientFor(DemoIds.Shanghai, Roles.ApprovalOffice).GetAsync(Reviewing.DecisionsOf(project));
        var foreign = await api.ClientFor(DemoIds.Lead, Roles.SiteOffice).GetAsync(Reviewing.DecisionsOf(project));
        var otherSponsor = await api.ClientFor(DemoIds.OtherSponsor, Roles.Sponsor).GetAsync(Reviewing.DecisionsOf(project));

        await Expect.StatusAsync(institution, HttpStatusCode.OK);
        Assert.Equal("intake", Assert.Single((await institution.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()).Str("stepId"));
        await Expect.ProblemAsync(foreign, HttpStatusCode.NotFound, "not-found");
        await Expect.ProblemAsync(otherSponsor, HttpStatusCode.NotFound, "not-found");
    }

    private static Task<int> DecisionCountAsync(ApiFactory api, Guid project, string? stepId) =>
        api.WithDbAsync(db => db.Decisions.CountAsync(d => d.SiteProjectId == project && (stepId == null || d.StepId == stepId)));

    // A deadline's members, its instants cut to whole milliseconds (databases keep micro- or milliseconds).
    private static string AsStored(JsonElement deadline) => string.Join("|", deadline.EnumerateObject().Select(m =>
        m.Value.ValueKind == JsonValueKind.String && m.Value.TryGetDateTimeOffset(out var at)
            ? $"{m.Name}={at.UtcTicks / TimeSpan.TicksPerMillisecond}"
            : $"{m.Name}={m.Value.GetRawText()}"));
}
