namespace TrialStartup.Api.Tests.Messaging;

using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Contracts.GreenChannel;
using TrialStartup.Contracts.Reviews;
using TrialStartup.Data;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Api.Tests.TestServers;

/// <summary>
/// Messages delivered twice change state once; a decision from an institution's own system is checked, signed and
/// audited like one through the API, and a refused one changes nothing and is answered.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class MessageDeliveryTests(ApiHosts hosts)
{
    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task DeliverLeadSignal_DeliveredTwiceOnPurpose_ChangesStateOnce(string database)
    {
        var api = hosts.For(database);
        var trial = await Journey.CreateTrialAsync(api, multiCenter: true);
        var lead = await Journey.SubmittedSiteAsync(api, trial, DemoIds.Lead);
        var alliance = await Journey.SubmittedSiteAsync(api, trial, DemoIds.Alliance);
        var (allianceInstance, leadInstance) = (await InstanceAsync(api, alliance), await InstanceAsync(api, lead));
        var before = await Reviewing.VersionAsync(api, alliance, DemoIds.Alliance);
        var delivery = new DeliverLeadSignal(trial, alliance, allianceInstance, Guid.NewGuid(), lead, "lead-ethics-approval",
            $"{leadInstance}@999", DateTimeOffset.UtcNow);
        using var probe = new BusProbe(api.Services.GetRequiredService<IBus>());

        // Twice, as a broker redelivers: once with the same message id, once with a fresh one (a republished outbox row).
        var bus = api.Services.GetRequiredService<IBus>();
        var messageId = Guid.NewGuid();
        await bus.Publish(delivery, c => c.MessageId = messageId);
        await bus.Publish(delivery, c => c.MessageId = messageId);
        await bus.Publish(delivery, c => c.MessageId = Guid.NewGuid());
        await Eventually.TrueAsync(() => Task.FromResult(probe.Consumed<DeliverLeadSignal>().Count(d => d.Reference == delivery.Reference) == 3),
            "all three deliveries consumed");

        var detail = await Journey.DetailAsync(api, alliance, DemoIds.Alliance);
        Assert.Single(GreenChannelTests.SignalsReceived(detail), s => s.Reference == delivery.Reference);
        Assert.Equal(before + 1, await Reviewing.VersionAsync(api, alliance, DemoIds.Alliance)); // one signal-received (kept for the wait after intake)
        var audit = await Reviewing.AuditOfAsync(api, alliance, DemoIds.Alliance);
        Assert.Single(audit, e => e.Str("action") == "receive-lead-signal" && e.Str("reason") == delivery.Reference);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task RecordReviewDecision_FromTheInstitutionsSystem_IsRecordedLikeTheApiOnceEvenWhenSentTwice(string database)
    {
        var api = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
        var instance = await InstanceAsync(api, project);
        var trial = await api.WithDbAsync(async db => (await db.SiteProjects.FindAsync(project))!.TrialId);
        var decision = Decision(trial, project, instance, DemoIds.Shanghai, "ethics-review", "approve", round: 1);
        var bus = api.Services.GetRequiredService<IBus>();
        using var probe = new BusProbe(bus);

        await bus.Publish(decision);
        await bus.Publish(decision);
        await Eventually.TrueAsync(() => Task.FromResult(probe.Consumed<RecordReviewDecision>().Count(d => d.DecisionId == decision.DecisionId) == 2),
            "both copies consumed");

        var detail = await Journey.DetailAsync(api, project, DemoIds.Shanghai);
        var completed = detail.GetProperty("history").EnumerateArray()
            .Where(h => h.Str("type") == "task-completed" && h.GetProperty("event").Str("stepId") == "ethics-review").ToList();
        var ethics = Assert.Single(completed).GetProperty("event");
        Assert.Equal(("approve", "expedited", decision.ReviewerName), (ethics.Str("outcome"),
            ethics.GetProperty("decisionFacts").Str("reviewType"), ethics.GetProperty("by").Str("name")));
        var record = await api.WithDbAsync(db => db.Decisions.AsNoTracking().SingleAsync(d => d.CommandId == decision.DecisionId));
        Assert.Equal((decision.ReviewerName, decision.SignatureMeaning), (record.PrintedName, record.SignatureMeaning));
        Assert.Contains("protocol", record.CoveredDocuments, StringComparison.Ordinal);
        var audit = await Reviewing.AuditOfAsync(api, project, DemoIds.Shanghai);
        var entry = Assert.Single(audit, e => e.Str("action") == "record-decision" && e.Str("role") == Roles.EthicsCommittee);
        Assert.True(entry.GetProperty("accepted").GetBoolean());
        Assert.Empty(probe.Published<ReviewDecisionRefused>());
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task RecordReviewDecision_Refused_ChangesNothingIsAuditedAndAnswered(string database)
    {
        var api = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
        var instance = await InstanceAsync(api, project);
        var trial = await api.WithDbAsync(async db => (await db.SiteProjects.FindAsync(project))!.TrialId);
        var before = await Reviewing.VersionAsync(api, project, DemoIds.Shanghai);
        var bus = api.Services.GetRequiredService<IBus>();
        using var probe = new BusProbe(bus);
        var cases = new (RecordReviewDecision Decision, string Code)[]
        {
            (Decision(trial, project, instance, DemoIds.Lead, "ethics-review", "approve", 1), "not-found"), // another institution's project
            (Decision(trial, project, instance, DemoIds.Shanghai, "ethics-review", "approve", 2), "round-not-open"),
            (Decision(trial, project, instance, DemoIds.Shanghai, "ethics-review", "rubber-stamp", 1), "outcome-not-allowed"),
            (Decision(trial, project, instance, DemoIds.Shanghai, "ethics-review", "approve", 1) with { ReviewerName = " " }, "invalid-decision"),
            (Decision(trial, project, instance, DemoIds.Shanghai, "ethics-review", "approve", 1) with { ReviewerRole = Roles.ApprovalOffice }, "wrong-role"),
        };

        foreach (var (decision, _) in cases)
        {
            await bus.Publish(decision);
        }

        await Eventually.TrueAsync(() => Task.FromResult(probe.Published<ReviewDecisionRefused>().Count == cases.Length), "every refusal answered");
        foreach (var (decision, code) in cases)
        {
            var answer = Assert.Single(probe.Published<ReviewDecisionRefused>(), r => r.DecisionId == decision.DecisionId);
            Assert.Equal(code, answer.Code);
            Assert.False(string.IsNullOrWhiteSpace(answer.Message));
        }

        Assert.Equal(before, await Reviewing.VersionAsync(api, project, DemoIds.Shanghai));
        Assert.Equal(0, await api.WithDbAsync(db => db.Decisions.CountAsync(d => d.SiteProjectId == project && d.StepId == "ethics-review")));
        var refusals = (await Reviewing.AuditOfAsync(api, project, DemoIds.Shanghai))
            .Where(e => e.Str("action") == "record-decision" && !e.GetProperty("accepted").GetBoolean()).Select(e => e.Str("outcome")).ToList();
        // The audit keeps the refusal's code; the answer names the task rule a conflict broke.
        Assert.Equal(cases.Select(c => c.Code == "round-not-open" ? "concurrency-conflict" : c.Code).Order(StringComparer.Ordinal),
            refusals.Order(StringComparer.Ordinal));
    }

    internal static RecordReviewDecision Decision(Guid trial, Guid project, Guid instance, string institution, string step, string outcome, int round) =>
        new(trial, project, instance, Guid.NewGuid(), Guid.NewGuid(), institution, step, outcome, round, outcome == "approve" ? "expedited" : null,
            "reviewed in the institution's own system", $"{institution}-chair", $"Chair of {institution}", Roles.EthicsCommittee,
            "approved as chair of the ethics committee", DateTimeOffset.UtcNow);

    private static Task<Guid> InstanceAsync(ApiFactory api, Guid project) =>
        api.WithDbAsync(async db => (await db.SiteProjects.FindAsync(project))!.WorkflowInstanceId);
}
