namespace TrialStartup.Workflows.Tests.Engine;

using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Commands;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// A participating site follows the lead site's later ethics decisions (China GCP 2020: 终止或者暂停已同意的研究):
/// the lead's suspension, resumption, termination and disapproval arrive as signals, and the site's definition
/// (version 2) takes the matching intervention itself. Signals are facts: repeated publications are received again,
/// a redelivered one changes nothing, and one whose effect cannot apply now is only recorded.
/// </summary>
public sealed class LeadEthicsSignalTests
{
    private const string Participating = "multicenter-participating-site";

    /// <summary>Intake done: institutional approval is open, ethics waits for the lead, the contract for the template.</summary>
    private static async Task<Scenario> WaitingForTheLead()
    {
        var scenario = Scenario.GivenShipped(Participating);
        await scenario.Start(("acceptsLeadEthics", "true"));
        await scenario.Complete("intake", "complete");
        return scenario;
    }

    /// <summary>The lead approved: this site's committee is recognising the lead's review.</summary>
    private static async Task<Scenario> InEthicsRecognition()
    {
        var scenario = await WaitingForTheLead();
        await scenario.Signal("lead-ethics-approval", "lead@5");
        return scenario;
    }

    [Fact]
    public async Task NewParticipatingProject_StartsOnVersionTwo()
    {
        var scenario = Scenario.GivenShipped(Participating);

        await scenario.Start(("acceptsLeadEthics", "true"));

        Assert.Equal(2, scenario.LastOf<WorkflowStarted>().Single().DefinitionVersion);
    }

    [Fact]
    public async Task LeadSuspension_WhileWaitingForTheLead_SuspendsTheSite()
    {
        var scenario = await WaitingForTheLead();

        await scenario.Signal("lead-ethics-suspension", "lead@12");

        Assert.Equal(["signal-received", "workflow-suspended", "clock-stopped", "timer-cancelled", "timer-cancelled"], scenario.LastAliases);
        var suspended = scenario.LastOf<WorkflowSuspended>().Single();
        Assert.Equal(("follow-lead-suspension", Actor.System), (suspended.InterventionId, suspended.By));
        Assert.Equal("signal 'lead-ethics-suspension' received from lead@12", suspended.Reason);
        var state = await scenario.State();
        Assert.Equal((InstanceStatus.Suspended, "follow-lead-suspension"), (state.Status, state.SuspendedBy));
        Assert.Empty(scenario.Timers.Armed);
    }

    [Fact]
    public async Task LeadSuspension_DuringEthicsRecognition_SuspendsTheSiteAndRefusesItsDecisions()
    {
        var scenario = await InEthicsRecognition();

        await scenario.Signal("lead-ethics-suspension", "lead@12");
        var stopped = scenario.LastOf<ClockStopped>().Select(c => c.StepId).ToList();
        var decision = await scenario.Complete("ethics-recognition", "recognised");

        Assert.Equal(InstanceStatus.Suspended, (await scenario.State()).Status);
        Assert.Equal(["ethics-recognition", "institutional-approval"], stopped);
        Assert.Equal(RefusalCodes.Suspended, decision.Refusal!.Code);
    }

    [Fact]
    public async Task LeadResumption_AfterTheLeadsSuspension_RunsAgainWithTheSameOpenTasks()
    {
        var scenario = await InEthicsRecognition();
        var openBefore = (await scenario.State()).OpenSteps.ToList();
        await scenario.Signal("lead-ethics-suspension", "lead@12");

        await scenario.Signal("lead-ethics-resumption", "lead@13");

        Assert.Equal(
            ["signal-received", "workflow-resumed", "clock-started", "timer-scheduled", "timer-scheduled", "clock-started", "timer-scheduled", "timer-scheduled"],
            scenario.LastAliases);
        Assert.Equal("follow-lead-resumption", scenario.LastOf<WorkflowResumed>().Single().InterventionId);
        var state = await scenario.State();
        Assert.Equal((InstanceStatus.Running, null), (state.Status, state.SuspendedBy));
        Assert.Equal(openBefore.Select(s => (s.StepId, s.Round, s.Status)), state.OpenSteps.Select(s => (s.StepId, s.Round, s.Status)));
        Assert.Equal(4, scenario.Timers.Armed.Count);
        Assert.True((await scenario.Complete("ethics-recognition", "recognised")).IsAccepted);
    }

    [Fact]
    public async Task LeadApproval_ArrivingWhileSuspended_PassesTheWaitOnResumption()
    {
        var scenario = await WaitingForTheLead();
        await scenario.Signal("lead-ethics-suspension", "lead@3");

        await scenario.Signal("lead-ethics-approval", "lead@5");
        Assert.Equal(["signal-received"], scenario.LastAliases);
        await scenario.Signal("lead-ethics-resumption", "lead@6");

        Assert.Contains("wait-completed", scenario.LastAliases);
        Assert.Equal(StepStatus.Active, (await scenario.State()).Steps["ethics-recognition"].Status);
    }

    [Fact]
    public async Task SuspendResumeSuspend_WithANewReferenceEachTime_SuspendsAgain()
    {
        var scenario = await InEthicsRecognition();
        await scenario.Signal("lead-ethics-suspension", "lead@12");
        await scenario.Signal("lead-ethics-resumption", "lead@13");

        var again = await scenario.Signal("lead-ethics-suspension", "lead@20");

        Assert.True(again.IsAccepted);
        Assert.Equal(["signal-received", "workflow-suspended"], scenario.LastAliases.Take(2));
        var state = await scenario.State();
        Assert.Equal(InstanceStatus.Suspended, state.Status);
        Assert.Equal(
            [("lead-ethics-approval", "lead@5"), ("lead-ethics-suspension", "lead@12"), ("lead-ethics-resumption", "lead@13"), ("lead-ethics-suspension", "lead@20")],
            state.SignalReceipts.Select(r => (r.Signal, r.Reference)));
    }

    [Fact]
    public async Task SameSignalAndReference_Twice_IsRefusedAndLeavesTheStreamByteIdentical()
    {
        var scenario = await InEthicsRecognition();
        await scenario.Signal("lead-ethics-suspension", "lead@12");
        await scenario.Signal("lead-ethics-resumption", "lead@13");
        var before = await StoredJson(scenario);

        // A redelivered message (new command id, same publication) must not suspend the site a second time.
        var redelivered = await scenario.Signal("lead-ethics-suspension", "lead@12");

        Assert.Equal(CommandStatus.Refused, redelivered.Status);
        Assert.Equal(RefusalCodes.SignalAlreadyReceived, redelivered.Refusal!.Code);
        Assert.Contains("lead@12", redelivered.Refusal.Message, StringComparison.Ordinal);
        Assert.Equal(before, await StoredJson(scenario));
        Assert.Equal(InstanceStatus.Running, (await scenario.State()).Status);
    }

    [Fact]
    public async Task SameSignalAndReference_WithTheSameCommandId_IsARepeatOfTheFirstResult()
    {
        var scenario = await InEthicsRecognition();
        var command = new ReceiveSignal(Guid.NewGuid(), scenario.InstanceId, Actor.System, "lead-ethics-suspension", "lead@12");
        var first = await scenario.When(command);
        var before = await StoredJson(scenario);

        var again = await scenario.When(command);

        Assert.True(again is { IsAccepted: true, IsRepeat: true });
        Assert.Equal(first.Events, again.Events);
        Assert.Equal(before, await StoredJson(scenario));
    }

    [Theory]
    [InlineData("lead-ethics-termination", "follow-lead-termination", "lead-terminated")]
    [InlineData("lead-ethics-disapproval", "follow-lead-disapproval", "lead-disapproved")]
    public async Task LeadEndingTheApproval_DuringEthicsRecognition_EndsTheSiteAndCancelsEverythingOpen(string signal, string intervention, string result)
    {
        var scenario = await InEthicsRecognition();

        await scenario.Signal(signal, "lead@30");

        Assert.Equal("signal-received", scenario.LastAliases[0]);
        Assert.Equal("workflow-ended", scenario.LastAliases[^1]);
        Assert.Equal((result, intervention), scenario.LastOf<WorkflowEnded>().Select(e => (e.Result, e.Source)).Single());
        Assert.Equal(["await-unified-template", "ethics-recognition", "institutional-approval"],
            scenario.LastOf<StepCancelled>().Select(c => c.StepId).Order(StringComparer.Ordinal));
        var state = await scenario.State();
        Assert.Equal((InstanceStatus.Ended, result), (state.Status, state.Result));
        Assert.Empty(state.OpenSteps);
        Assert.Empty(state.Timers);
        Assert.Empty(scenario.Timers.Armed);
        Assert.DoesNotContain(BranchStatus.Active, state.Branches.Values);
    }

    [Fact]
    public async Task LeadDisapproval_WhileWaitingForTheLead_EndsTheSiteLeadDisapproved()
    {
        var scenario = await WaitingForTheLead();

        await scenario.Signal("lead-ethics-disapproval", "lead@9");

        var state = await scenario.State();
        Assert.Equal((InstanceStatus.Ended, "lead-disapproved"), (state.Status, state.Result));
        Assert.Contains("await-lead-ethics", scenario.LastOf<StepCancelled>().Select(c => c.StepId));
    }

    [Fact]
    public async Task LeadDisapproval_BeforeIntakeIsDone_EndsTheSiteAndTouchesNoBranchThatNeverStarted()
    {
        var scenario = Scenario.GivenShipped(Participating);
        await scenario.Start(("acceptsLeadEthics", "true"));

        await scenario.Signal("lead-ethics-disapproval", "lead@9");

        Assert.Equal(["signal-received", "timer-cancelled", "timer-cancelled", "step-cancelled", "workflow-ended"], scenario.LastAliases);
        var state = await scenario.State();
        Assert.Equal("lead-disapproved", state.Result);
        Assert.Empty(state.Branches);
    }

    [Fact]
    public async Task LeadTermination_WhileSuspended_EndsTheSite()
    {
        var scenario = await InEthicsRecognition();
        await scenario.Signal("lead-ethics-suspension", "lead@12");

        await scenario.Signal("lead-ethics-termination", "lead@13");

        Assert.Equal((InstanceStatus.Ended, "lead-terminated"), ((await scenario.State()).Status, (await scenario.State()).Result));
    }

    [Fact]
    public async Task LeadSignal_AfterTheSiteEnded_IsRefusedAsFinished()
    {
        var scenario = await InEthicsRecognition();
        await scenario.Signal("lead-ethics-termination", "lead@13");

        var late = await scenario.Signal("lead-ethics-suspension", "lead@14");

        Assert.Equal(RefusalCodes.Finished, late.Refusal!.Code);
    }

    [Fact]
    public async Task LeadResumption_WhileRunning_IsOnlyRecorded()
    {
        var scenario = await InEthicsRecognition();

        var result = await scenario.Signal("lead-ethics-resumption", "lead@13");

        Assert.True(result.IsAccepted);
        Assert.Equal(["signal-received"], scenario.LastAliases);
        Assert.Equal(InstanceStatus.Running, (await scenario.State()).Status);
    }

    [Fact]
    public async Task LeadSuspension_WhileTheSitesOwnCommitteeSuspended_IsOnlyRecorded_AndTheLeadsResumptionDoesNotLiftIt()
    {
        var scenario = await InEthicsRecognition();
        await scenario.Complete("ethics-recognition", "recognised");
        await scenario.Intervene("suspend-ethics-approval");

        await scenario.Signal("lead-ethics-suspension", "lead@12");
        Assert.Equal(["signal-received"], scenario.LastAliases);
        await scenario.Signal("lead-ethics-resumption", "lead@13");

        // A message must not overrule the site's own committee: only a person lifts a person's suspension.
        Assert.Equal(["signal-received"], scenario.LastAliases);
        var state = await scenario.State();
        Assert.Equal((InstanceStatus.Suspended, "suspend-ethics-approval"), (state.Status, state.SuspendedBy));
        Assert.True((await scenario.Intervene("resume-ethics-approval")).IsAccepted);
    }

    [Fact]
    public async Task Signal_WithNoWaitOrInterventionListening_IsOnlyRecorded()
    {
        var scenario = await InEthicsRecognition();

        var result = await scenario.Signal("sponsor-newsletter", "sponsor@1");

        Assert.True(result.IsAccepted);
        Assert.Equal(["signal-received"], scenario.LastAliases);
    }

    [Fact]
    public async Task SignalOnlyIntervention_TakenByAPerson_IsRefused()
    {
        var scenario = await InEthicsRecognition();

        var result = await scenario.Intervene("follow-lead-suspension");

        Assert.Equal(RefusalCodes.WrongRole, result.Refusal!.Code);
        Assert.Contains("lead-ethics-suspension", result.Refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VersionOneInstance_ReceivingTheLeadsSuspension_OnlyRecordsIt()
    {
        // Instances started before version 2 stay on version 1, which does not follow the lead.
        var scenario = Scenario.GivenShipped(Participating);
        await scenario.When(new StartWorkflow(Guid.NewGuid(), scenario.InstanceId, Scenario.As(Roles.SiteOffice), Participating, 1,
            "cn-mainland", new Dictionary<string, string> { ["acceptsLeadEthics"] = "true" }));
        await scenario.Complete("intake", "complete");

        await scenario.Signal("lead-ethics-suspension", "lead@12");

        Assert.Equal(["signal-received"], scenario.LastAliases);
        Assert.Equal((1, InstanceStatus.Running), ((await scenario.State()).DefinitionVersion, (await scenario.State()).Status));
    }

    private const string Follower = """
        id: follower
        version: 1
        steps:
          - { id: review, type: task, role: site-office, target: { workingDays: 5, warnAfter: 3 }, outcomes: { ok: { next: check } } }
          - { id: check, type: task, role: ethics-committee, target: { workingDays: 5, warnAfter: 3 }, outcomes: { ok: { next: done } } }
          - { id: done, type: end, result: activated }
        interventions:
          - { id: hold, role: ethics-committee, onSignal: hold-requested, effect: suspend, availableAfter: [review], publish: held }
        """;

    [Fact]
    public async Task SignalledIntervention_BeforeItIsAvailable_IsOnlyRecorded()
    {
        var scenario = Scenario.Given(Follower);
        await scenario.Start();

        var result = await scenario.Signal("hold-requested", "x@1");

        Assert.True(result.IsAccepted);
        Assert.Equal(["signal-received"], scenario.LastAliases);
    }

    [Fact]
    public async Task SignalledIntervention_ProducesExactlyTheEventsAPersonsWould_AfterTheReceipt()
    {
        var byPerson = Scenario.Given(Follower);
        await byPerson.Start();
        await byPerson.Complete("review", "ok");
        var bySignal = Scenario.Given(Follower);
        await bySignal.Start();
        await bySignal.Complete("review", "ok");

        await byPerson.Intervene("hold");
        await bySignal.Signal("hold-requested", "x@1");

        Assert.Equal(["signal-received", "signal-published", "workflow-suspended", "clock-stopped", "timer-cancelled", "timer-cancelled"],
            bySignal.LastAliases);
        Assert.Equal(byPerson.LastAliases, bySignal.LastAliases.Skip(1));
        Assert.Equal(("held", "hold"), bySignal.LastOf<SignalPublished>().Select(p => (p.Signal, p.Source)).Single());
    }

    private static async Task<IReadOnlyList<string>> StoredJson(Scenario scenario) =>
        [.. (await scenario.Store.ReadAsync(scenario.InstanceId)).Select(e => $"{e.Version} {e.CommandId} {WorkflowEventJson.Serialize(e.Event)}")];
}
