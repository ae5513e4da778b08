namespace TrialStartup.Api.Tests.Reviews;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Contracts.Reviews;
using TrialStartup.Api.Tests.Alerts;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Messaging;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Data;
using TrialStartup.Data.Commands;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Commands;

/// <summary>
/// Parallel means parallel: the approval office, the ethics committee and the contract office open a project once in the
/// morning and decide later; each decision names its task (step and round) and conflicts only with changes to that
/// task, never with another review, a timer or a signal in between.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ParallelReviewTests(ApiHosts hosts)
{
    private static readonly (string Step, string Role, string Outcome, string? ReviewType)[] Reviews =
    [
        ("institutional-approval", Roles.ApprovalOffice, "approve", null),
        ("ethics-review", Roles.EthicsCommittee, "approve", "expedited"),
        ("contract-review", Roles.ContractOffice, "agreed", null),
    ];

    [Theory]
    [InlineData("sqlite", true)]
    [InlineData("sqlite", false)]
    [PostgresData]
    public async Task ThreeReviewersWhoReadOnce_DecidingInAnyOrder_AreAllAccepted(string database, bool byRound = true)
    {
        var api = hosts.For(database);
        foreach (var order in new[] { new[] { 0, 1, 2 }, [2, 0, 1], [1, 2, 0] })
        {
            var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
            var read = await Reviewing.VersionAsync(api, project, DemoIds.Shanghai); // all three open it in the morning

            foreach (var i in order)
            {
                var (step, role, outcome, type) = Reviews[i];
                var response = await api.ClientFor(DemoIds.Shanghai, role).PostAsJsonAsync(Reviewing.DecisionsOf(project),
                    byRound ? ByRound(step, outcome, 1, type) : Reviewing.Body(step, outcome, read, type));
                await Expect.StatusAsync(response, HttpStatusCode.OK);
            }

            Assert.Equal(["contract-signing"], await OpenStepsAsync(api, project));
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task ThreeReviewers_WithATimerFiredAndALeadSignalBetweenTheirReadAndTheirDecisions_AreAllAccepted(string database)
    {
        await using var api = new ClockedApiFactory(database, new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8)));
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
        var read = await Reviewing.VersionAsync(api, project, DemoIds.Shanghai);

        await Firing.FireAsync(api, project, "institutional-approval", "warning");
        await SignalAsync(api, project, "lead-contract-template");
        Assert.True(await Reviewing.VersionAsync(api, project, DemoIds.Shanghai) > read + 1);

        foreach (var (step, role, outcome, type) in Reviews)
        {
            var response = await api.ClientFor(DemoIds.Shanghai, role).PostAsJsonAsync(Reviewing.DecisionsOf(project),
                step == "contract-review" ? Reviewing.Body(step, outcome, read, type) : ByRound(step, outcome, 1, type));
            await Expect.StatusAsync(response, HttpStatusCode.OK);
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task TwoDecisionsOnTheSameTask_OneIs200AndTheOther409NamingTheFirstDecider(string database)
    {
        var api = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
        var first = await api.ClientFor(DemoIds.Shanghai, Roles.ApprovalOffice, person: "reviewer-a")
            .PostAsJsonAsync(Reviewing.DecisionsOf(project), ByRound("institutional-approval", "approve", 1));
        await Expect.StatusAsync(first, HttpStatusCode.OK);

        var second = await api.ClientFor(DemoIds.Shanghai, Roles.ApprovalOffice, person: "reviewer-b")
            .PostAsJsonAsync(Reviewing.DecisionsOf(project), ByRound("institutional-approval", "reject", 1));

        var problem = await Expect.ProblemAsync(second, HttpStatusCode.Conflict, "concurrency-conflict");
        Assert.Equal("task-decided", problem.Str("rule"));
        Assert.Contains($"'institutional-approval' round 1 was already decided by Test {Roles.ApprovalOffice} of {DemoIds.Shanghai} ({Roles.ApprovalOffice})",
            problem.Str("detail"), StringComparison.Ordinal);
        Assert.Contains(": approve", problem.Str("detail"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task ARound1Decision_AfterRound2Opened_IsRefusedAndChangesNothing(string database)
    {
        var api = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
        await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.ContractOffice, "contract-review", "changes-requested");
        var resubmitted = await api.ClientFor(DemoIds.Sponsor, Roles.Sponsor).PostAsJsonAsync(
            new Uri($"/api/v1/site-projects/{project}/resubmissions", UriKind.Relative), new { stepId = "contract-review", round = 1, note = "budget revised" });
        await Expect.StatusAsync(resubmitted, HttpStatusCode.OK);
        var version = await Reviewing.VersionAsync(api, project, DemoIds.Shanghai);

        var late = await api.ClientFor(DemoIds.Shanghai, Roles.ContractOffice)
            .PostAsJsonAsync(Reviewing.DecisionsOf(project), ByRound("contract-review", "agreed", 1));

        var problem = await Expect.ProblemAsync(late, HttpStatusCode.Conflict, "concurrency-conflict");
        Assert.Equal("task-decided", problem.Str("rule"));
        Assert.Contains("changes-requested", problem.Str("detail"), StringComparison.Ordinal);
        Assert.Equal(version, await Reviewing.VersionAsync(api, project, DemoIds.Shanghai));
        var current = await api.ClientFor(DemoIds.Shanghai, Roles.ContractOffice)
            .PostAsJsonAsync(Reviewing.DecisionsOf(project), ByRound("contract-review", "agreed", 2));
        await Expect.StatusAsync(current, HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task AParticipatingSitesRecognition_ReadBeforeTheUnifiedTemplateArrived_IsAccepted(string database)
    {
        var api = hosts.For(database);
        var trial = await Journey.CreateTrialAsync(api, multiCenter: true);
        var lead = await Journey.SubmittedSiteAsync(api, trial, DemoIds.Lead);
        var alliance = await Journey.SubmittedSiteAsync(api, trial, DemoIds.Alliance);
        await Reviewing.DecideAsync(api, alliance, DemoIds.Alliance, Roles.SiteOffice, "intake", "complete");
        await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.SiteOffice, "intake", "complete");
        await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.EthicsCommittee, "ethics-review", "approve", reviewType: "expedited");
        await GreenChannelTests.OpenTaskAsync(api, alliance, DemoIds.Alliance, "ethics-recognition");
        var secretaryRead = await Reviewing.VersionAsync(api, alliance, DemoIds.Alliance); // the committee's secretary opens it

        // Meanwhile the lead signs the unified contract, and its template reaches the participant.
        await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.ApprovalOffice, "institutional-approval", "approve");
        await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.ContractOffice, "contract-review", "agreed");
        await Reviewing.DecideAsync(api, lead, DemoIds.Lead, Roles.ContractOffice, "contract-signing", "signed");
        await GreenChannelTests.OpenTaskAsync(api, alliance, DemoIds.Alliance, "contract-confirmation");
        Assert.True(await Reviewing.VersionAsync(api, alliance, DemoIds.Alliance) > secretaryRead);

        var legacy = await api.ClientFor(DemoIds.Alliance, Roles.EthicsCommittee)
            .PostAsJsonAsync(Reviewing.DecisionsOf(alliance), Reviewing.Body("ethics-recognition", "recognised", secretaryRead));

        await Expect.StatusAsync(legacy, HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task AnInstitutionSystemsDecision_ArrivingWhileTheOtherReviewsAreDecided_IsRecordedOnItsFirstDelivery(string database)
    {
        var api = hosts.For(database);
        var bus = api.Services.GetRequiredService<IBus>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
            var instance = await api.WithDbAsync(async db => (await db.SiteProjects.FindAsync(project))!.WorkflowInstanceId);
            var trial = await api.WithDbAsync(async db => (await db.SiteProjects.FindAsync(project))!.TrialId);
            using var probe = new BusProbe(bus);
            var decision = MessageDeliveryTests.Decision(trial, project, instance, DemoIds.Shanghai, "ethics-review", "approve", 1);

            // Sent once, while the approval and contract offices decide through the API.
            await Task.WhenAll(
                bus.Publish(decision),
                Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.ApprovalOffice, "institutional-approval", "approve"),
                Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.ContractOffice, "contract-review", "agreed"));

            await Eventually.TrueAsync(async () => (await OpenStepsAsync(api, project)).SequenceEqual(["contract-signing"]),
                "the three reviews decided");
            Assert.DoesNotContain(probe.Published<ReviewDecisionRefused>(), r => r.DecisionId == decision.DecisionId);
            await Eventually.TrueAsync(() => Task.FromResult(probe.Consumed<RecordReviewDecision>().Any(d => d.DecisionId == decision.DecisionId)),
                "the decision message consumed");
            Assert.Single(probe.Consumed<RecordReviewDecision>(), d => d.DecisionId == decision.DecisionId); // once: no retry was needed
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task ADecision_NamingNeitherRoundNorVersion_Is400NamingRound(string database)
    {
        var api = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);

        var response = await api.ClientFor(DemoIds.Shanghai, Roles.ApprovalOffice)
            .PostAsJsonAsync(Reviewing.DecisionsOf(project), Reviewing.Body("institutional-approval", "approve", null));
        var zeroRound = await api.ClientFor(DemoIds.Shanghai, Roles.ApprovalOffice)
            .PostAsJsonAsync(Reviewing.DecisionsOf(project), ByRound("institutional-approval", "approve", 0));

        Assert.Equal("round", (await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "invalid-request")).Str("field"));
        Assert.Equal("round", (await Expect.ProblemAsync(zeroRound, HttpStatusCode.BadRequest, "invalid-request")).Str("field"));
    }

    private static Dictionary<string, object?> ByRound(string step, string outcome, int round, string? reviewType = null)
    {
        var body = Reviewing.Body(step, outcome, null, reviewType);
        body.Remove("expectedVersion");
        body["round"] = round;
        return body;
    }

    private static async Task<List<string?>> OpenStepsAsync(ApiFactory api, Guid project) =>
        [.. (await Journey.DetailAsync(api, project, DemoIds.Shanghai)).GetProperty("openTasks").EnumerateArray().Select(t => t.Str("stepId"))];

    // A signal as the green channel's consumer delivers one (the system, through the same command path).
    private static async Task SignalAsync(ApiFactory api, Guid project, string signal)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
        var site = await db.SiteProjects.FindAsync(project);
        var result = await scope.ServiceProvider.GetRequiredService<ProjectCommands>().RunAsync(site!, "receive-lead-signal",
            new ReceiveSignal(Guid.NewGuid(), site!.WorkflowInstanceId, Actor.System, signal, "lead-project@1"), null, null, CancellationToken.None);
        Assert.True(result.IsAccepted, result.Refusal?.Message);
    }
}
