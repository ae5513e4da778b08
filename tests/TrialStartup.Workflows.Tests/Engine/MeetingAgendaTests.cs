namespace TrialStartup.Workflows.Tests.Engine;

using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Commands;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// A committee puts an open ethics task on a meeting's agenda (issue 19): the task waits for the meeting without its
/// clock stopping, the placement names the task's round like a decision does, and it is refused for a task not open or
/// by a role that does not hold it.
/// </summary>
public sealed class MeetingAgendaTests
{
    private static readonly DateTimeOffset MeetingAt = new(2026, 3, 11, 6, 0, 0, TimeSpan.Zero);

    private static async Task<Scenario> AtParallelReview()
    {
        var scenario = Scenario.GivenShipped("standard-site-startup");
        await scenario.Start();
        await scenario.Complete("intake", "complete");
        return scenario;
    }

    private static SetMeeting Place(Scenario scenario, Guid? meeting, int round = 1, string role = Roles.EthicsCommittee, string step = "ethics-review") =>
        new(Guid.NewGuid(), scenario.InstanceId, null, Scenario.As(role), step, round, meeting, meeting is null ? null : MeetingAt);

    [Fact]
    public async Task PlacingAnOpenTask_RecordsTheMeeting_AndLeavesItsClockAndTimersAlone()
    {
        var scenario = await AtParallelReview();
        var before = await scenario.State();
        var meeting = Guid.NewGuid();

        var placed = await scenario.Engine.HandleAsync(Place(scenario, meeting));

        Assert.Equal(CommandStatus.Accepted, placed.Status);
        var set = Assert.IsType<MeetingSet>(Assert.Single(placed.Events).Event);
        Assert.Equal((meeting, MeetingAt, 1), (set.MeetingId, set.MeetingAt, set.Round));
        var after = await scenario.State();
        Assert.Equal((meeting, MeetingAt), (after.Steps["ethics-review"].MeetingId, after.Steps["ethics-review"].MeetingAt));
        Assert.Equal(before.Steps["ethics-review"].ClockStartedAt, after.Steps["ethics-review"].ClockStartedAt);
        Assert.Equal(before.Timers.Keys.Order(), after.Timers.Keys.Order());

        // The same placement again records nothing; taking it off the agenda does, and the decision clears it.
        Assert.Empty((await scenario.Engine.HandleAsync(Place(scenario, meeting))).Events);
        Assert.Null(Assert.IsType<MeetingSet>(Assert.Single((await scenario.Engine.HandleAsync(Place(scenario, null))).Events).Event).MeetingId);
    }

    [Fact]
    public async Task PlacingATaskNotOpen_OrByAnotherRole_OrForAnEndedRound_IsRefused()
    {
        var scenario = await AtParallelReview();

        var wrongRole = await scenario.Engine.HandleAsync(Place(scenario, Guid.NewGuid(), role: Roles.ContractOffice));
        var notOpen = await scenario.Engine.HandleAsync(Place(scenario, Guid.NewGuid(), step: "contract-signing", role: Roles.ContractOffice));
        await scenario.Complete("ethics-review", "approve", null, ("reviewType", "full-board"));
        var decided = await scenario.Engine.HandleAsync(Place(scenario, Guid.NewGuid()));

        Assert.Equal(RefusalCodes.WrongRole, wrongRole.Refusal?.Code);
        Assert.Equal(RefusalCodes.StepNotActive, notOpen.Refusal?.Code);
        Assert.Equal((CommandStatus.Conflict, TaskReference.TaskDecided), (decided.Status, decided.Refusal?.Rule));
    }
}
