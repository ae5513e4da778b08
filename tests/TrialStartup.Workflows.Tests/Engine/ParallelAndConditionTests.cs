namespace TrialStartup.Workflows.Tests.Engine;

using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>Join all / any / at-least, skipped branches, choices and waits, on small definitions written here.</summary>
public sealed class ParallelAndConditionTests
{
    private static string ThreeBranches(string join, string? secondWhen = null) => $$"""
        id: three-branches
        version: 1
        facts:
          innovative: { type: bool }
          budget: { type: number, default: "100" }
        steps:
          - id: block
            type: parallel
            join: {{join}}
            branches:
              - id: a
                steps:
                  - { id: task-a, type: task, role: site-office, target: { workingDays: 5 }, outcomes: { done: { next: join } } }
              - id: b
              {{(secondWhen is null ? "" : $"  when: \"{secondWhen}\"")}}
                steps:
                  - { id: task-b, type: task, role: ethics-committee, target: { workingDays: 5 }, outcomes: { done: { next: join } } }
              - id: c
                steps:
                  - { id: task-c, type: task, role: contract-office, target: { workingDays: 5 }, outcomes: { done: { next: join } } }
            next: finish
          - { id: finish, type: end, result: finished }
        """;

    [Fact]
    public async Task JoinAny_WhenOneBranchCompletes_CancelsAndRecordsTheOthers()
    {
        var scenario = Scenario.Given(ThreeBranches("any"));
        await scenario.Start(("innovative", "false"));

        await scenario.Complete("task-b", "done");

        Assert.Equal(
            ["task-completed", "timer-cancelled", "branch-completed", "timer-cancelled", "step-cancelled", "branch-cancelled",
             "timer-cancelled", "step-cancelled", "branch-cancelled", "join-completed", "workflow-ended"],
            scenario.LastAliases);
        var state = await scenario.State();
        Assert.Equal([BranchStatus.Cancelled, BranchStatus.Completed, BranchStatus.Cancelled], state.Branches.Values);
        Assert.Equal("finished", state.Result);
    }

    [Fact]
    public async Task JoinAtLeastTwo_WaitsForTheSecondThenCancelsTheThird()
    {
        var scenario = Scenario.Given(ThreeBranches("{ atLeast: 2 }"));
        await scenario.Start(("innovative", "false"));

        await scenario.Complete("task-a", "done");
        Assert.DoesNotContain("join-completed", scenario.LastAliases);
        await scenario.Complete("task-c", "done");

        Assert.Contains("join-completed", scenario.LastAliases);
        Assert.Equal("b", scenario.LastOf<BranchCancelled>().Single().BranchId);
    }

    [Fact]
    public async Task BranchWithFalseCondition_IsSkippedAndCountsAsDone()
    {
        var scenario = Scenario.Given(ThreeBranches("all", "innovative and budget > 50"));

        await scenario.Start(("innovative", "false"));

        var skipped = scenario.LastOf<BranchSkipped>().Single();
        Assert.Equal(("b", "innovative and budget > 50"), (skipped.BranchId, skipped.Condition));
        await scenario.Complete("task-a", "done");
        await scenario.Complete("task-c", "done");
        Assert.Equal("finished", (await scenario.State()).Result);
        Assert.False((await scenario.State()).Steps.ContainsKey("task-b"));
    }

    [Fact]
    public async Task BranchWithTrueCondition_Runs()
    {
        var scenario = Scenario.Given(ThreeBranches("all", "innovative and budget > 50"));

        await scenario.Start(("innovative", "true"));

        Assert.Empty(scenario.LastOf<BranchSkipped>());
        Assert.Equal(3, (await scenario.State()).OpenSteps.Count());
    }

    [Theory]
    [InlineData("true", "ethics-recognition")]
    [InlineData("false", "ethics-review")]
    public async Task ParticipatingSite_AfterTheLeadApproves_RecognisesOrReviewsByItsPolicy(string accepts, string expected)
    {
        var scenario = Scenario.GivenShipped("multicenter-participating-site");
        await scenario.Start(("acceptsLeadEthics", accepts));
        await scenario.Complete("intake", "complete");
        Assert.Equal(StepStatus.Active, (await scenario.State()).Steps["await-lead-ethics"].Status);

        await scenario.Signal("lead-ethics-approval");

        Assert.Equal(["signal-received", "wait-completed", "choice-made", "step-activated", "timer-scheduled", "timer-scheduled"], scenario.LastAliases);
        Assert.Equal(expected, scenario.LastOf<StepActivated>().Single().StepId);
    }

    [Fact]
    public async Task Signal_ThatArrivesBeforeTheWait_IsRememberedAndTheWaitPassesAtOnce()
    {
        var scenario = Scenario.GivenShipped("multicenter-participating-site");
        await scenario.Start(("acceptsLeadEthics", "true"));
        await scenario.Signal("lead-ethics-approval");
        await scenario.Signal("unified-contract-template");

        await scenario.Complete("intake", "complete");

        var state = await scenario.State();
        Assert.Equal(["contract-confirmation", "ethics-recognition", "institutional-approval"], state.OpenSteps.Select(s => s.StepId));
        Assert.Equal(2, scenario.LastOf<WaitCompleted>().Count());
    }

    [Fact]
    public async Task Signal_ReceivedTwiceWithTheSameReference_IsRefusedTheSecondTime()
    {
        var scenario = Scenario.GivenShipped("multicenter-participating-site");
        await scenario.Start(("acceptsLeadEthics", "true"));
        await scenario.Signal("lead-ethics-approval");

        var again = await scenario.Signal("lead-ethics-approval");

        Assert.Equal(RefusalCodes.SignalAlreadyReceived, again.Refusal!.Code);
    }

    [Fact]
    public async Task ParticipatingSite_GreenChannel_EndsActivated()
    {
        var scenario = Scenario.GivenShipped("multicenter-participating-site");
        await scenario.Start(("acceptsLeadEthics", "true"));
        await scenario.Complete("intake", "complete");
        await scenario.Signal("lead-ethics-approval");
        await scenario.Signal("unified-contract-template");
        await scenario.Complete("institutional-approval", "approve");
        await scenario.Complete("ethics-recognition", "recognised");
        await scenario.Complete("contract-confirmation", "confirmed");
        await scenario.Complete("contract-signing", "signed");
        await scenario.Complete("startup-meeting", "held");

        Assert.Equal("activated", (await scenario.State()).Result);
    }

    [Fact]
    public async Task LeadSite_EthicsApprovalAndSignedContract_ArePublishedForTheOtherSites()
    {
        var scenario = Scenario.GivenShipped("multicenter-lead-site");
        await scenario.Start();
        await scenario.Complete("intake", "complete");

        await scenario.Complete("ethics-review", "approve", null, ("reviewType", "expedited"));
        var approval = scenario.LastOf<SignalPublished>().Single();
        await scenario.Complete("institutional-approval", "approve");
        await scenario.Complete("contract-review", "agreed");
        await scenario.Complete("contract-signing", "signed");

        Assert.Equal(("lead-ethics-approval", "ethics-review"), (approval.Signal, approval.Source));
        Assert.Equal("unified-contract-template", scenario.LastOf<SignalPublished>().Single().Signal);
    }

    [Fact]
    public async Task JoinAny_WhenABranchIsSkipped_StillWaitsForABranchThatRuns()
    {
        var scenario = Scenario.Given(ThreeBranches("any", "innovative"));

        await scenario.Start(("innovative", "false"));

        Assert.DoesNotContain("join-completed", scenario.LastAliases);
        Assert.Equal(["task-a", "task-c"], (await scenario.State()).OpenSteps.Select(s => s.StepId));
        await scenario.Complete("task-c", "done");
        Assert.Equal("a", scenario.LastOf<BranchCancelled>().Single().BranchId);
    }

    [Fact]
    public async Task JoinAtLeast_WhenSkipsLeaveFewerBranchesThanRequired_WaitsForAllThatRun()
    {
        var scenario = Scenario.Given(ThreeBranches("{ atLeast: 3 }", "innovative"));
        await scenario.Start(("innovative", "false"));

        await scenario.Complete("task-a", "done");
        Assert.DoesNotContain("join-completed", scenario.LastAliases);
        await scenario.Complete("task-c", "done");

        Assert.Contains("join-completed", scenario.LastAliases);
    }
}
