namespace TrialStartup.Workflows.Tests.Engine;

using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>The shipped standard single-site path, end to end and at its forks.</summary>
public sealed class StandardPathScenarioTests
{
    private static readonly (string, string) FullBoard = ("reviewType", "full-board");

    [Fact]
    public async Task Start_WhenFactsAreValid_OpensIntakeWithItsTimers()
    {
        var scenario = Scenario.GivenShipped("standard-site-startup");

        var result = await scenario.Start();

        Assert.True(result.IsAccepted);
        Assert.Equal(["workflow-started", "step-activated", "timer-scheduled", "timer-scheduled"], scenario.LastAliases);
        var started = scenario.LastOf<WorkflowStarted>().Single();
        Assert.Equal(("standard-site-startup", 1, scenario.Definition.ContentHash), (started.DefinitionId, started.DefinitionVersion, started.ContentHash));
        Assert.Equal("false", started.Facts["innovative"]);
        Assert.Equal("intake", scenario.LastOf<StepActivated>().Single().StepId);
    }

    [Fact]
    public async Task IntakeComplete_OpensTheThreeReviewsInParallel()
    {
        var scenario = Scenario.GivenShipped("standard-site-startup");
        await scenario.Start();

        await scenario.Complete("intake", "complete");

        var state = await scenario.State();
        Assert.Equal(["contract-review", "ethics-review", "institutional-approval"], state.OpenSteps.Select(s => s.StepId));
        Assert.All(state.OpenSteps, s => Assert.Equal(StepStatus.Active, s.Status));
        Assert.Equal(3, scenario.LastOf<BranchStarted>().Count());
    }

    [Fact]
    public async Task ContractSigning_WhenEthicsHasNotDecided_IsNotOpenAndTheJoinWaits()
    {
        var scenario = Scenario.GivenShipped("standard-site-startup");
        await scenario.Start();
        await scenario.Complete("intake", "complete");
        await scenario.Complete("institutional-approval", "approve");
        await scenario.Complete("contract-review", "agreed");

        var signing = await scenario.Complete("contract-signing", "signed");

        Assert.Equal(CommandStatus.Refused, signing.Status);
        Assert.Equal(RefusalCodes.StepNotActive, signing.Refusal!.Code);
        Assert.Equal(["ethics-review"], (await scenario.State()).OpenSteps.Select(s => s.StepId));
    }

    [Fact]
    public async Task FullPath_WhenEveryReviewApproves_EndsActivated()
    {
        var scenario = Scenario.GivenShipped("standard-site-startup");
        await scenario.Start();
        await scenario.Complete("intake", "complete");
        await scenario.Complete("ethics-review", "approve", null, FullBoard);
        await scenario.Complete("institutional-approval", "approve");
        await scenario.Complete("contract-review", "agreed");

        Assert.Contains("join-completed", scenario.LastAliases);
        await scenario.Complete("contract-signing", "signed");
        await scenario.Complete("startup-meeting", "held");

        var state = await scenario.State();
        Assert.Equal((InstanceStatus.Ended, "activated"), (state.Status, state.Result));
        Assert.Empty(state.OpenSteps);
        Assert.Empty(state.Timers);
        Assert.Empty(scenario.Timers.Armed);
        Assert.All(state.Branches.Values, b => Assert.Equal(BranchStatus.Completed, b));
    }

    [Fact]
    public async Task EthicsDisapprove_EndsTheProjectAndCancelsTheOtherReviews()
    {
        var scenario = Scenario.GivenShipped("standard-site-startup");
        await scenario.Start();
        await scenario.Complete("intake", "complete");
        await scenario.Complete("institutional-approval", "approve");

        await scenario.Complete("ethics-review", "disapprove", null, ("reviewType", "full-board"));

        Assert.Equal(
            ["task-completed", "timer-cancelled", "timer-cancelled", "branch-cancelled", "timer-cancelled", "timer-cancelled",
             "step-cancelled", "branch-cancelled", "workflow-ended"],
            scenario.LastAliases);
        var state = await scenario.State();
        Assert.Equal("disapproved", state.Result);
        Assert.Equal(StepStatus.Cancelled, state.Steps["contract-review"].Status);
        Assert.Equal(
            [("approval", BranchStatus.Completed), ("contract", BranchStatus.Cancelled), ("ethics", BranchStatus.Cancelled)],
            state.Branches.Select(b => (b.Key, b.Value)));
        Assert.Empty(scenario.Timers.Armed);
    }

    [Fact]
    public async Task EthicsApproveAfterModifications_HandsTheWorkToTheSponsorThenToTheCheckAsRoundTwo()
    {
        var scenario = Scenario.GivenShipped("standard-site-startup");
        await scenario.Start();
        await scenario.Complete("intake", "complete");

        await scenario.Complete("ethics-review", "approve-after-modifications", null, FullBoard);

        Assert.Equal(["task-completed", "timer-cancelled", "timer-cancelled", "clock-stopped", "revision-requested"], scenario.LastAliases);
        var held = (await scenario.State()).Steps["ethics-review"];
        Assert.Equal((StepStatus.HeldBySubmitter, Roles.Sponsor), (held.Status, held.Holder));
        Assert.False((await scenario.State()).Steps.ContainsKey("ethics-modification-check"));

        await scenario.Resubmit("ethics-review");

        Assert.Equal(["resubmitted", "step-activated", "timer-scheduled", "timer-scheduled"], scenario.LastAliases);
        var check = scenario.LastOf<StepActivated>().Single();
        Assert.Equal(("ethics-modification-check", 2, Roles.EthicsCommittee), (check.StepId, check.Round, check.Role));

        await scenario.Complete("ethics-modification-check", "confirmed");
        Assert.Equal(BranchStatus.Completed, (await scenario.State()).Branches["ethics"]);
    }

    [Fact]
    public async Task Resubmit_WhenNotTheHolderRole_IsRefused()
    {
        var scenario = Scenario.GivenShipped("standard-site-startup");
        await scenario.Start();
        await scenario.Complete("intake", "incomplete");

        var result = await scenario.Resubmit("intake", Roles.EthicsCommittee);

        Assert.Equal(RefusalCodes.WrongRole, result.Refusal!.Code);
        Assert.Contains("sponsor", result.Refusal.Message, StringComparison.Ordinal);
        Assert.Equal(StepStatus.HeldBySubmitter, (await scenario.State()).Steps["intake"].Status);
    }

    [Fact]
    public async Task Resubmit_ByTheSiteOffice_HandsInTheSponsorsAnswerAndRecordsWhoDid()
    {
        var scenario = Scenario.GivenShipped("standard-site-startup");
        await scenario.Start();
        await scenario.Complete("intake", "incomplete");

        var result = await scenario.Resubmit("intake", Roles.SiteOffice);

        Assert.Null(result.Refusal);
        var resubmitted = Assert.Single((await scenario.Events()).OfType<Resubmitted>());
        Assert.Equal(("intake", 2, Roles.SiteOffice), (resubmitted.StepId, resubmitted.Round, resubmitted.By.Role));
        Assert.Equal(StepStatus.Active, (await scenario.State()).Steps["intake"].Status);
    }

    [Fact]
    public async Task RevisionLoop_WhenTheLastRoundAsksForChangesAgain_IsRefusedWithMaxRounds()
    {
        var scenario = Scenario.GivenShipped("standard-site-startup");
        await scenario.Start();
        await scenario.Complete("intake", "incomplete");
        await scenario.Resubmit("intake");
        await scenario.Complete("intake", "incomplete");
        await scenario.Resubmit("intake");
        Assert.Equal(3, (await scenario.State()).Steps["intake"].Round);

        var third = await scenario.Complete("intake", "incomplete");

        Assert.Equal(RefusalCodes.MaxRoundsReached, third.Refusal!.Code);
        Assert.True((await scenario.Complete("intake", "complete")).IsAccepted);
    }

    [Fact]
    public async Task Innovative_GreenChannel_RecordsHighPriorityAndOffersGuidanceBeforeIntake()
    {
        var scenario = Scenario.GivenShipped("innovative-green-channel");

        await scenario.Start(("preSubmissionGuidance", "true"));

        Assert.Equal("high", scenario.LastOf<WorkflowStarted>().Single().Priority);
        Assert.Equal("pre-submission-guidance", scenario.LastOf<ChoiceMade>().Single().Next);
        await scenario.Complete("pre-submission-guidance", "guidance-given");
        Assert.Equal("intake", scenario.LastOf<StepActivated>().Single().StepId);
    }

    [Fact]
    public async Task Innovative_WithoutGuidance_GoesStraightToIntakeWithShorterTargets()
    {
        var innovative = Scenario.GivenShipped("innovative-green-channel");
        var standard = Scenario.GivenShipped("standard-site-startup");

        await innovative.Start();
        await standard.Start();

        var fast = innovative.LastOf<TimerScheduled>().Single(t => t.Kind == TimerKind.Breach);
        var normal = standard.LastOf<TimerScheduled>().Single(t => t.Kind == TimerKind.Breach);
        Assert.Equal("intake", fast.StepId);
        Assert.True(fast.DueAt < normal.DueAt, $"{fast.DueAt} should be before {normal.DueAt}");
    }
}
