namespace TrialStartup.Api.Tests.Monitoring;

using TrialStartup.Data.ReadModels;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>The cuts the read model and the reports make in a step's time at the project's suspensions.</summary>
public sealed class StepStretchesTests
{
    private static readonly DateTimeOffset Day0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly Actor Committee = new("u1", "Dr Li Wei", "ethics-committee", "sh-site");

    [Fact]
    public void Pieces_OfAStretchSuspendedTwice_AlternateHolderAndSuspended()
    {
        WorkflowEvent[] events =
        [
            Activated("contract-review", day: 0), Suspended(day: 1), Resumed(day: 3), Suspended(day: 4), Resumed(day: 6),
            new TaskCompleted("contract-review", 1, "agreed", Committee, null, new Dictionary<string, string>(), Day0.AddDays(8)),
        ];

        var pieces = StepStretches.Pieces(events, 0, 5, Day0.AddDays(8)).ToList();

        Assert.Equal(
            [("contract-office", 0, 1, "suspended"), ("suspended", 1, 3, "resumed"), ("contract-office", 3, 4, "suspended"),
                ("suspended", 4, 6, "resumed"), ("contract-office", 6, 8, null)],
            pieces.Select(p => (p.HeldBy, Days(p.From), Days(p.To), p.Outcome)));
    }

    [Fact]
    public void Pieces_OfAStretchClosedWhileSuspended_EndWithTheSuspendedPiece()
    {
        // Terminated while suspended: the step is cancelled with the clock stopped.
        WorkflowEvent[] events = [Activated("contract-review", day: 0), Suspended(day: 2), new StepCancelled("contract-review", "terminated", Day0.AddDays(5))];

        var pieces = StepStretches.Pieces(events, 0, 2, Day0.AddDays(5)).ToList();

        Assert.Equal([("contract-office", 0, 2, "suspended"), ("suspended", 2, 5, null)], pieces.Select(p => (p.HeldBy, Days(p.From), Days(p.To), p.Outcome)));
    }

    [Fact]
    public void Pieces_OfAStretchBegunWhileSuspended_StartSuspended()
    {
        WorkflowEvent[] events = [Suspended(day: 0), Activated("contract-review", day: 1), Resumed(day: 4)];

        var pieces = StepStretches.Pieces(events, 1, events.Length, Day0.AddDays(6)).ToList();

        Assert.Equal([("suspended", 1, 4, "resumed"), ("contract-office", 4, 6, null)], pieces.Select(p => (p.HeldBy, Days(p.From), Days(p.To), p.Outcome)));
    }

    [Fact]
    public void OpeningOf_IsTheLatestActivationOrChangeRequestOfTheStepBeforeTheGivenEvent()
    {
        WorkflowEvent[] events =
        [
            Activated("contract-review", day: 0), Activated("ethics-review", day: 0),
            new RevisionRequested("contract-review", 1, "sponsor", "budget", Day0.AddDays(1)), Activated("contract-review", day: 2),
        ];

        Assert.Equal((3, 2, -1), (StepStretches.OpeningOf(events, "contract-review", 4), StepStretches.OpeningOf(events, "contract-review", 3),
            StepStretches.OpeningOf(events, "intake", 4)));
        Assert.Equal(("sponsor", 1), StepStretches.HolderOf(events[2]));
    }

    private static StepActivated Activated(string step, int day) => new(step, StepKind.Task, 1, "contract-office", 0, Day0.AddDays(day));

    private static WorkflowSuspended Suspended(int day) => new("suspend-ethics-approval", Committee, "SAE", Day0.AddDays(day));

    private static WorkflowResumed Resumed(int day) => new("resume-ethics-approval", Committee, "closed", Day0.AddDays(day));

    private static int Days(DateTimeOffset at) => (int)(at - Day0).TotalDays;
}
