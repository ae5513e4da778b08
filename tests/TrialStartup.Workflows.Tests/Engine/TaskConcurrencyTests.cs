namespace TrialStartup.Workflows.Tests.Engine;

using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Commands;
using TrialStartup.Workflows.Runtime.Events;
using TrialStartup.Workflows.Tests.Calendars;

/// <summary>
/// Parallel means parallel: a decision conflicts only with changes to its own task (step and round). The three reviews,
/// timers and signals never block each other; two people deciding the same task, or a form for a round that is over, do.
/// </summary>
public sealed class TaskConcurrencyTests
{
    private static async Task<Scenario> AtParallelReview()
    {
        var scenario = Scenario.GivenShipped("standard-site-startup");
        await scenario.Start();
        await scenario.Complete("intake", "complete");
        return scenario;
    }

    private static CompleteTask Decide(Scenario scenario, string stepId, string outcome, long? readVersion = null, int? round = null,
        string? person = null) =>
        new(Guid.NewGuid(), scenario.InstanceId, readVersion, person is null ? Scenario.As(RoleOf(stepId)) : new Actor(person, person, RoleOf(stepId), "test-hospital"),
            stepId, outcome, "decided", stepId == "ethics-review" ? new Dictionary<string, string> { ["reviewType"] = "expedited" } : null, round);

    private static string RoleOf(string stepId) => stepId switch
    {
        "institutional-approval" => Roles.ApprovalOffice,
        "ethics-review" => Roles.EthicsCommittee,
        _ => Roles.ContractOffice,
    };

    [Theory]
    [InlineData(0, 1, 2)]
    [InlineData(2, 0, 1)]
    [InlineData(1, 2, 0)]
    public async Task ThreeReviewers_WhoReadOnceAndDecideInAnyOrder_AreAllAccepted(int first, int second, int third)
    {
        var scenario = await AtParallelReview();
        var read = scenario.Version; // the three open the project in the morning
        (string Step, string Outcome)[] reviews = [("institutional-approval", "approve"), ("ethics-review", "approve"), ("contract-review", "agreed")];

        var results = new List<CommandResult>();
        foreach (var i in new[] { first, second, third })
        {
            results.Add(await scenario.Engine.HandleAsync(Decide(scenario, reviews[i].Step, reviews[i].Outcome, readVersion: read)));
        }

        Assert.All(results, r => Assert.Equal(CommandStatus.Accepted, r.Status));
        Assert.Equal("contract-signing", Assert.Single((await scenario.State()).OpenSteps).StepId);
    }

    [Fact]
    public async Task Decision_AfterATimerFiredAndASignalArrivedSinceItWasRead_IsAccepted()
    {
        var scenario = await AtParallelReview();
        var read = scenario.Version;
        var warning = (await scenario.State()).Timers.Values.First(t => t.StepId == "institutional-approval" && t.Kind == TimerKind.Warning);
        await scenario.When(new FireTimer(Guid.NewGuid(), scenario.InstanceId, warning.TimerId));
        await scenario.Signal("lead-contract-template", "lead-project-1");
        Assert.True(scenario.Version > read + 1);

        var byVersion = await scenario.Engine.HandleAsync(Decide(scenario, "ethics-review", "approve", readVersion: read));
        var byRound = await scenario.Engine.HandleAsync(Decide(scenario, "institutional-approval", "approve", round: 1));

        Assert.Equal((CommandStatus.Accepted, CommandStatus.Accepted), (byVersion.Status, byRound.Status));
    }

    [Fact]
    public async Task TwoPeopleDecidingTheSameTaskAtOnce_OneIsAcceptedAndTheOtherIsToldWhoDecidedAndHow()
    {
        var scenario = await AtParallelReview();
        var engine = RacingEngine(scenario, out var store);

        var results = await Task.WhenAll(
            Task.Run(() => engine.HandleAsync(Decide(scenario, "institutional-approval", "approve", round: 1, person: "Dr Wang"))),
            Task.Run(() => engine.HandleAsync(Decide(scenario, "institutional-approval", "reject", round: 1, person: "Dr Zhao"))));

        Assert.True(store.BothReadBeforeEitherAppended, "the two decisions did not race: the test proves nothing");
        Assert.Equal([CommandStatus.Accepted, CommandStatus.Conflict], results.Select(r => r.Status).Order());
        var winner = (await scenario.Events()).OfType<TaskCompleted>().Single(t => t.StepId == "institutional-approval");
        var loser = results.Single(r => r.Status == CommandStatus.Conflict).Refusal!;
        Assert.Equal((RefusalCodes.Conflict, "task-decided"), (loser.Code, loser.Rule));
        Assert.Contains($"already decided by {winner.By.Name} ({Roles.ApprovalOffice})", loser.Message, StringComparison.Ordinal);
        Assert.Contains($": {winner.Outcome}", loser.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecisionsOnTwoBranchesRacingForTheStream_AreBothAccepted()
    {
        var scenario = await AtParallelReview();
        var engine = RacingEngine(scenario, out var store);
        var read = scenario.Version;

        var results = await Task.WhenAll(
            Task.Run(() => engine.HandleAsync(Decide(scenario, "institutional-approval", "approve", readVersion: read))),
            Task.Run(() => engine.HandleAsync(Decide(scenario, "contract-review", "agreed", round: 1))));

        // One lost the append and was decided again on the new state, where its own task was still open.
        Assert.True(store.BothReadBeforeEitherAppended, "the two decisions did not race: the test proves nothing");
        Assert.All(results, r => Assert.Equal(CommandStatus.Accepted, r.Status));
        Assert.Equal(2, (await scenario.Events()).OfType<TaskCompleted>().Count(t => t.StepId != "intake"));
    }

    [Fact]
    public async Task ARound1Form_SentAfterRound2Opened_IsRefusedAsAConflictAndWritesNothing()
    {
        var scenario = await AtParallelReview();
        var readInRound1 = scenario.Version;
        await scenario.Complete("contract-review", "changes-requested");
        await scenario.Resubmit("contract-review");
        Assert.Equal(2, (await scenario.State()).Steps["contract-review"].Round);
        var before = await scenario.Events();

        var byRound = await scenario.Engine.HandleAsync(Decide(scenario, "contract-review", "agreed", round: 1));
        var byVersion = await scenario.Engine.HandleAsync(Decide(scenario, "contract-review", "agreed", readVersion: readInRound1));

        Assert.All([byRound, byVersion], r => Assert.Equal((CommandStatus.Conflict, "task-decided"), (r.Status, r.Refusal!.Rule)));
        Assert.Contains("round 1 was already decided", byRound.Refusal!.Message, StringComparison.Ordinal);
        Assert.Equal(before, await scenario.Events());
        Assert.Equal(CommandStatus.Accepted, (await scenario.Engine.HandleAsync(Decide(scenario, "contract-review", "agreed", round: 2))).Status);
    }

    [Fact]
    public async Task AResubmission_AfterTheChangeRequestWasAnswered_IsAConflict()
    {
        var scenario = await AtParallelReview();
        await scenario.Complete("contract-review", "changes-requested");
        var answer = new Resubmit(Guid.NewGuid(), scenario.InstanceId, null, Scenario.As(Roles.Sponsor), "contract-review", "revised", Round: 1);

        var first = await scenario.Engine.HandleAsync(answer);
        var second = await scenario.Engine.HandleAsync(answer with { CommandId = Guid.NewGuid() });

        Assert.Equal(CommandStatus.Accepted, first.Status);
        Assert.Equal((CommandStatus.Conflict, "change-request-answered"), (second.Status, second.Refusal!.Rule));
    }

    [Fact]
    public async Task AStartExpectingAnotherVersion_IsStillAConflict()
    {
        var scenario = await AtParallelReview();

        var again = await scenario.Engine.HandleAsync(new StartWorkflow(Guid.NewGuid(), scenario.InstanceId, Scenario.As(Roles.SiteOffice),
            "standard-site-startup", null, "cn-mainland", new Dictionary<string, string>()) with { ExpectedVersion = 0 });

        Assert.Equal((CommandStatus.Conflict, "version-changed"), (again.Status, again.Refusal!.Rule));
    }

    private static WorkflowEngine RacingEngine(Scenario scenario, out RacingStore store)
    {
        store = new RacingStore(scenario.Store);
        return new WorkflowEngine(DefinitionCatalog.LoadDirectory(RepositoryPaths.Workflows), new CalendarCatalog([ShippedCalendars.CnMainland]),
            store, scenario.Timers, scenario.Clock);
    }

    /// <summary>Holds each command's first append until both have read the stream, so their decisions race for it.</summary>
    private sealed class RacingStore(IEventStore inner) : IEventStore
    {
        private readonly CountdownEvent _bothRead = new(2);
        private int _appends;

        public bool BothReadBeforeEitherAppended { get; private set; }

        public Task<IReadOnlyList<RecordedEvent>> ReadAsync(Guid streamId, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(streamId, cancellationToken);

        public Task AppendAsync(StreamAppend append, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _appends) <= 2)
            {
                _bothRead.Signal();
                if (_bothRead.Wait(TimeSpan.FromSeconds(10)))
                {
                    BothReadBeforeEitherAppended = true;
                }
            }

            return inner.AppendAsync(append, cancellationToken);
        }
    }
}
