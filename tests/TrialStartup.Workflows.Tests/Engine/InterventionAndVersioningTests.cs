namespace TrialStartup.Workflows.Tests.Engine;

using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Commands;
using TrialStartup.Workflows.Runtime.Events;
using TrialStartup.Workflows.Tests.Calendars;

/// <summary>Ethics suspension and termination (GCP 2020), and instances staying on their definition version.</summary>
public sealed class InterventionAndVersioningTests
{
    private static async Task<Scenario> EthicsApproved()
    {
        var scenario = Scenario.GivenShipped("standard-site-startup");
        await scenario.Start();
        await scenario.Complete("intake", "complete");
        await scenario.Complete("ethics-review", "approve", null, ("reviewType", "full-board"));
        return scenario;
    }

    [Fact]
    public async Task Suspend_BeforeEthicsApproved_IsNotAvailable()
    {
        var scenario = Scenario.GivenShipped("standard-site-startup");
        await scenario.Start();

        var result = await scenario.Intervene("suspend-ethics-approval");

        Assert.Equal(RefusalCodes.InterventionNotAvailable, result.Refusal!.Code);
    }

    [Fact]
    public async Task Suspend_StopsOpenClocksAndRefusesDecisions_ResumeRestartsThem()
    {
        var scenario = await EthicsApproved();

        await scenario.Intervene("suspend-ethics-approval");
        Assert.Equal(2, scenario.LastOf<ClockStopped>().Count());
        Assert.Empty(scenario.Timers.Armed);
        var refused = await scenario.Complete("contract-review", "agreed");

        await scenario.Intervene("resume-ethics-approval");

        Assert.Equal(RefusalCodes.Suspended, refused.Refusal!.Code);
        Assert.Equal(2, scenario.LastOf<ClockStarted>().Count());
        Assert.Equal(4, scenario.Timers.Armed.Count);
        Assert.True((await scenario.Complete("contract-review", "agreed")).IsAccepted);
    }

    [Fact]
    public async Task Suspend_ByAnotherRole_IsRefused()
    {
        var scenario = await EthicsApproved();

        var result = await scenario.Intervene("suspend-ethics-approval", Roles.Sponsor);

        Assert.Equal(RefusalCodes.WrongRole, result.Refusal!.Code);
    }

    [Fact]
    public async Task Terminate_EndsTheInstanceAndClosesEverything()
    {
        var scenario = await EthicsApproved();

        await scenario.Intervene("terminate-ethics-approval");

        var state = await scenario.State();
        Assert.Equal((InstanceStatus.Ended, "terminated"), (state.Status, state.Result));
        Assert.Empty(state.OpenSteps);
        Assert.DoesNotContain(BranchStatus.Active, state.Branches.Values);
        Assert.Empty(scenario.Timers.Armed);
    }

    [Fact]
    public async Task Instance_StaysOnTheVersionItStartedWith_WhenANewVersionIsPublished()
    {
        const string v1 = """
            id: versioned
            version: 1
            steps:
              - { id: review, type: task, role: site-office, target: { workingDays: 2 }, outcomes: { ok: { next: done } } }
              - { id: done, type: end, result: v1-done }
            """;
        var catalog = new DefinitionCatalog();
        catalog.Register(DefinitionLoader.Parse("v1.yaml", v1));
        var engine = new WorkflowEngine(catalog, new CalendarCatalog([ShippedCalendars.CnMainland]), new InMemoryEventStore(),
            new InMemoryTimerScheduler(), new ManualClock(Scenario.DefaultStart));
        var id = Guid.NewGuid();
        await engine.HandleAsync(new StartWorkflow(Guid.NewGuid(), id, Scenario.As(Roles.SiteOffice), "versioned", null, "cn-mainland",
            new Dictionary<string, string>()));

        catalog.Register(DefinitionLoader.Parse("v2.yaml", v1.Replace("version: 1", "version: 2").Replace("v1-done", "v2-done")));
        await engine.HandleAsync(new CompleteTask(Guid.NewGuid(), id, null, Scenario.As(Roles.SiteOffice), "review", "ok"));

        var state = await engine.LoadAsync(id);
        Assert.Equal((1, "v1-done"), (state.DefinitionVersion, state.Result));
    }

    [Fact]
    public void Catalog_RegisteringAPublishedVersionWithOtherContent_IsRefused()
    {
        const string text = """
            id: versioned
            version: 1
            steps:
              - { id: done, type: end, result: done }
            """;
        var catalog = new DefinitionCatalog();
        catalog.Register(DefinitionLoader.Parse("a.yaml", text));
        catalog.Register(DefinitionLoader.Parse("same.yaml", text)); // identical content is the same publication

        var error = Assert.Throws<InvalidOperationException>(() =>
            catalog.Register(DefinitionLoader.Parse("b.yaml", text.Replace("result: done", "result: other"))));

        Assert.Contains("published versions are immutable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Events_RoundTripThroughJsonWithTheirAliases()
    {
        WorkflowEvent original = new TaskCompleted("ethics-review", 2, "approve", Scenario.As(Roles.EthicsCommittee), "ok",
            new Dictionary<string, string> { ["reviewType"] = "expedited" }, Scenario.DefaultStart);

        var json = WorkflowEventJson.Serialize(original);
        var back = (TaskCompleted)WorkflowEventJson.Deserialize(json);

        Assert.Contains("\"type\":\"task-completed\"", json, StringComparison.Ordinal);
        Assert.Equal((original as TaskCompleted)!.By, back.By);
        Assert.Equal("expedited", back.DecisionFacts["reviewType"]);
        Assert.Equal(original.At, back.At);
    }

    [Theory]
    [InlineData(StepKind.Task, "task")]
    [InlineData(StepKind.Wait, "wait")]
    public void AStepsKind_IsStoredByTheNameEarlierEventsHave(StepKind kind, string name)
    {
        // Streams written before the kind was a type hold "kind":"task" and "kind":"wait": they must still read.
        var json = WorkflowEventJson.Serialize(new StepActivated("ethics-review", kind, 1, Roles.EthicsCommittee, 0, Scenario.DefaultStart));
        var stored = $$"""{"type":"step-activated","stepId":"ethics-review","kind":"{{name}}","round":1,"role":"ethics-committee","elapsedWorkingDays":0,"at":"2026-03-02T09:00:00+08:00"}""";

        Assert.Contains($"\"kind\":\"{name}\"", json, StringComparison.Ordinal);
        Assert.Equal(kind, ((StepActivated)WorkflowEventJson.Deserialize(stored)).Kind);
    }
}
