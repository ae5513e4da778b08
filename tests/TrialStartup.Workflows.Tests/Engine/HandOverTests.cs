namespace TrialStartup.Workflows.Tests.Engine;

using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Commands;

/// <summary>
/// Who handed each open task to its holder (what "my tasks" shows beside the task): the person whose command opened it,
/// the reviewer who asked for changes, or the product when another site's signal opened it.
/// </summary>
public sealed class HandOverTests
{
    [Fact]
    public async Task Submission_HandsIntakeOverFromTheSiteOffice_AndIntakeHandsTheThreeReviewsOver()
    {
        var scenario = Scenario.GivenShipped("standard-site-startup");
        await scenario.Start();

        Assert.Equal(Scenario.As(Roles.SiteOffice), (await scenario.State()).Steps["intake"].HandedOverBy);

        await scenario.Complete("intake", "complete");

        var state = await scenario.State();
        Assert.Equal(3, state.OpenSteps.Count());
        Assert.All(state.OpenSteps, s => Assert.Equal(Scenario.As(Roles.SiteOffice), s.HandedOverBy)); // intake is the site office's task
    }

    [Fact]
    public async Task ChangesRequested_AreHandedToTheSponsorByTheReviewer_AndTheResubmissionBackByTheSponsor()
    {
        var scenario = Scenario.GivenShipped("standard-site-startup");
        await scenario.Start();
        await scenario.Complete("intake", "complete");
        await scenario.Complete("institutional-approval", "approve");
        var before = (await scenario.State()).Steps["ethics-review"].HandedOverBy;

        await scenario.Complete("ethics-review", "approve-after-modifications", null, ("reviewType", "full-board"));

        var held = (await scenario.State()).Steps["ethics-review"];
        Assert.Equal(StepStatus.HeldBySubmitter, held.Status);
        Assert.Equal(Scenario.As(Roles.EthicsCommittee), held.HandedOverBy);
        Assert.NotEqual(before, held.HandedOverBy);

        await scenario.Resubmit("ethics-review");

        Assert.Equal(Scenario.As(Roles.Sponsor), (await scenario.State()).Steps["ethics-modification-check"].HandedOverBy);
    }

    [Fact]
    public async Task ADecision_HandsTheNextStepOverFromItsDecider_AndLeavesTheOtherOpenTasksAsTheyWere()
    {
        var scenario = Scenario.GivenShipped("standard-site-startup");
        await scenario.Start();
        await scenario.Complete("intake", "complete");
        await scenario.Complete("ethics-review", "approve", null, ("reviewType", "full-board"));
        await scenario.Complete("institutional-approval", "approve");

        await scenario.Complete("contract-review", "agreed", Roles.ContractOffice);

        var state = await scenario.State();
        Assert.Equal(Scenario.As(Roles.ContractOffice), state.Steps["contract-signing"].HandedOverBy);
    }

    [Fact]
    public async Task TheLeadSitesSignal_HandsRecognitionOverFromTheProduct_WhoeverDeliveredIt()
    {
        var scenario = Scenario.GivenShipped("multicenter-participating-site");
        await scenario.Start(("acceptsLeadEthics", "true"));
        await scenario.Complete("intake", "complete");
        var delivery = new Actor("green-channel", "TrialStartup green channel", Actor.System.Role, "lead-hospital");

        await scenario.When(new ReceiveSignal(Guid.NewGuid(), scenario.InstanceId, delivery, "lead-ethics-approval", "lead@5"));

        var state = await scenario.State();
        var opened = state.OpenSteps.Where(s => s.ActivatedAtVersion > state.Version - scenario.Last!.Events.Count).ToList();
        Assert.NotEmpty(opened);
        Assert.All(opened, s => Assert.Equal(Actor.System, s.HandedOverBy));
    }
}
