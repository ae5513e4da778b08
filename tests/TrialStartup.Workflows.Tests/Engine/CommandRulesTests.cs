namespace TrialStartup.Workflows.Tests.Engine;

using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Commands;

/// <summary>Idempotency, optimistic concurrency and refusals that write nothing.</summary>
public sealed class CommandRulesTests
{
    private static async Task<Scenario> AtParallelReview()
    {
        var scenario = Scenario.GivenShipped("standard-site-startup");
        await scenario.Start();
        await scenario.Complete("intake", "complete");
        return scenario;
    }

    [Fact]
    public async Task RepeatedCommandId_ReturnsTheFirstResultWithoutASecondEvent()
    {
        var scenario = await AtParallelReview();
        var command = new CompleteTask(Guid.NewGuid(), scenario.InstanceId, scenario.Version, Scenario.As(Roles.ApprovalOffice),
            "institutional-approval", "approve");

        var first = await scenario.Engine.HandleAsync(command);
        var lengthAfterFirst = (await scenario.Events()).Count;
        var second = await scenario.Engine.HandleAsync(command);

        Assert.True(first.IsAccepted);
        Assert.True(second is { IsAccepted: true, IsRepeat: true });
        Assert.Equal(first.Events, second.Events);
        Assert.Equal(first.Version, second.Version);
        Assert.Equal(lengthAfterFirst, (await scenario.Events()).Count);
    }

    [Fact]
    public async Task RepeatedCommandId_WhenTheStreamHasMovedOn_StillReturnsTheFirstResult()
    {
        var scenario = await AtParallelReview();
        var command = new CompleteTask(Guid.NewGuid(), scenario.InstanceId, scenario.Version, Scenario.As(Roles.ApprovalOffice),
            "institutional-approval", "approve");
        var first = await scenario.Engine.HandleAsync(command);
        await scenario.Complete("contract-review", "agreed");

        var again = await scenario.Engine.HandleAsync(command);

        Assert.True(again.IsRepeat);
        Assert.Equal(first.Version, again.Version);
    }

    public static TheoryData<string, string, string, string> Refusals => new()
    {
        { "wrong role", "institutional-approval", Roles.EthicsCommittee, RefusalCodes.WrongRole },
        { "outcome not allowed", "institutional-approval", Roles.ApprovalOffice, RefusalCodes.OutcomeNotAllowed },
        { "step not active", "contract-signing", Roles.ContractOffice, RefusalCodes.StepNotActive },
        { "unknown step", "no-such-step", Roles.ApprovalOffice, RefusalCodes.UnknownStep },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task CompleteTask_WhenStateDoesNotAllowIt_IsRefusedWithAReasonAndWritesNothing(string why, string step, string role, string code)
    {
        var scenario = await AtParallelReview();
        var before = await scenario.Events();
        var outcome = why == "outcome not allowed" ? "approve-with-flourish" : step == "contract-signing" ? "signed" : "approve";

        var result = await scenario.Complete(step, outcome, role);

        Assert.Equal(CommandStatus.Refused, result.Status);
        Assert.Equal(code, result.Refusal!.Code);
        Assert.False(string.IsNullOrWhiteSpace(result.Refusal.Message));
        Assert.Equal(before, await scenario.Events());
    }

    [Theory]
    [InlineData(null, "decision fact 'reviewType' is required")]
    [InlineData("weekly", "must be one of full-board, expedited")]
    public async Task EthicsDecision_WithoutAValidReviewType_IsRefused(string? reviewType, string message)
    {
        var scenario = await AtParallelReview();
        var facts = reviewType is null ? Array.Empty<(string, string)>() : [("reviewType", reviewType)];

        var result = await scenario.Complete("ethics-review", "approve", null, facts);

        Assert.Equal(RefusalCodes.InvalidDecisionFacts, result.Refusal!.Code);
        Assert.Contains(message, result.Refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decision_WithAnUndeclaredDecisionFact_IsRefused()
    {
        var scenario = await AtParallelReview();

        var result = await scenario.Complete("institutional-approval", "approve", null, ("mood", "good"));

        Assert.Equal(RefusalCodes.InvalidDecisionFacts, result.Refusal!.Code);
    }

    [Fact]
    public async Task AnyCommand_WhenTheInstanceHasEnded_IsRefusedAsFinished()
    {
        var scenario = await AtParallelReview();
        await scenario.Complete("institutional-approval", "reject");

        var result = await scenario.Complete("contract-review", "agreed");

        Assert.Equal(RefusalCodes.Finished, result.Refusal!.Code);
        Assert.Equal("not-approved", (await scenario.State()).Result);
    }

    [Fact]
    public async Task Start_WithUnknownMissingOrMistypedFacts_ListsEveryProblem()
    {
        var scenario = Scenario.GivenShipped("multicenter-participating-site");

        var result = await scenario.Start(("innovative", "yes"), ("colour", "blue"));

        Assert.Equal(RefusalCodes.InvalidFacts, result.Refusal!.Code);
        Assert.Contains("fact 'innovative' is a bool", result.Refusal.Message, StringComparison.Ordinal);
        Assert.Contains("unknown fact 'colour'", result.Refusal.Message, StringComparison.Ordinal);
        Assert.Contains("fact 'acceptsLeadEthics' is required", result.Refusal.Message, StringComparison.Ordinal);
        Assert.Empty(await scenario.Events());
    }

    [Fact]
    public async Task Start_Twice_IsRefusedAndDecisionsBeforeStartAreRefused()
    {
        var scenario = Scenario.GivenShipped("standard-site-startup");
        var early = await scenario.Complete("intake", "complete");
        await scenario.Start();

        var again = await scenario.Start();

        Assert.Equal(RefusalCodes.NotStarted, early.Refusal!.Code);
        Assert.Equal(CommandStatus.Conflict, again.Status); // a second start expects version 0
    }

    [Fact]
    public async Task Start_WithUnknownDefinitionOrCalendar_IsRefused()
    {
        var scenario = Scenario.GivenShipped("standard-site-startup");

        var noDefinition = await scenario.When(new StartWorkflow(Guid.NewGuid(), scenario.InstanceId, Scenario.As(Roles.SiteOffice),
            "no-such-definition", null, "cn-mainland", new Dictionary<string, string>()));
        var noCalendar = await scenario.When(new StartWorkflow(Guid.NewGuid(), scenario.InstanceId, Scenario.As(Roles.SiteOffice),
            "standard-site-startup", 1, "mars", new Dictionary<string, string>()));

        Assert.Equal(RefusalCodes.UnknownDefinition, noDefinition.Refusal!.Code);
        Assert.Equal(RefusalCodes.UnknownCalendar, noCalendar.Refusal!.Code);
    }
}
