namespace TrialStartup.Workflows.Tests.Engine;

using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Commands;
using TrialStartup.Workflows.Runtime.Events;
using TrialStartup.Workflows.Tests.Calendars;

/// <summary>
/// Deadlines counted into a year whose holiday notice is not in the calendar yet: computed on the statutory rule and
/// marked provisional, never refused; recomputed once the notice is added (or an announced year corrected).
/// </summary>
public sealed class ProvisionalDeadlineTests
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    private static DateTimeOffset Beijing(int year, int month, int day) => new(year, month, day, 0, 0, 0, Shanghai);

    private static async Task<Scenario> ParallelReviewOpenedOn(DateTimeOffset at)
    {
        var scenario = Scenario.GivenShipped("standard-site-startup");
        scenario.Clock.Set(at);
        await scenario.Start();
        await scenario.Complete("intake", "complete");
        return scenario;
    }

    private static LiveTimer Timer(WorkflowState state, string stepId, TimerKind kind) =>
        state.Timers.Values.Single(t => t.StepId == stepId && t.Kind == kind);

    [Fact]
    public async Task IntakeCompleted_On14December2026_OpensTheReviewsWithProvisionalDeadlinesInto2027()
    {
        var scenario = await ParallelReviewOpenedOn(new DateTimeOffset(2026, 12, 14, 9, 0, 0, Shanghai));

        Assert.True(scenario.Last!.IsAccepted);
        var scheduled = scenario.LastOf<TimerScheduled>().ToDictionary(t => (t.StepId, t.Kind));
        // Ethics review, 15 working days: 15–18, 21–25, 28–31 December (13), 1 January is the rule's New Year's Day, 4 and 5
        // January (15): due at the start of 6 January. Its warning (10 days) ends on 28 December, in the announced year.
        Assert.Equal((Beijing(2027, 1, 6), true), (scheduled[("ethics-review", TimerKind.Breach)].DueAt, scheduled[("ethics-review", TimerKind.Breach)].Provisional));
        Assert.Equal((Beijing(2026, 12, 29), false), (scheduled[("ethics-review", TimerKind.Warning)].DueAt, scheduled[("ethics-review", TimerKind.Warning)].Provisional));
        Assert.All(scheduled.Values, t => Assert.Equal(ShippedCalendars.CnMainland.ContentHash, t.CalendarHash));
        Assert.True(Timer(await scenario.State(), "ethics-review", TimerKind.Breach).Provisional);
    }

    [Fact]
    public async Task RecomputeTimers_WhenTheNoticeIsAdded_MovesEachProvisionalDeadlineOnceAndLeavesTheOthers()
    {
        // Opened Monday 21 December 2026. On the rule: contract review due 6 January (10 days), ethics warning 6 January
        // (10 days) and ethics breach 13 January (15 days), all provisional; approval and the contract warning end in 2026.
        var scenario = await ParallelReviewOpenedOn(new DateTimeOffset(2026, 12, 21, 10, 0, 0, Shanghai));
        var before = await scenario.State();
        Assert.Equal((Beijing(2027, 1, 6), true), (Timer(before, "contract-review", TimerKind.Breach).DueAt, Timer(before, "contract-review", TimerKind.Breach).Provisional));
        Assert.Equal(Beijing(2027, 1, 6), Timer(before, "ethics-review", TimerKind.Warning).DueAt);
        Assert.Equal(Beijing(2027, 1, 13), Timer(before, "ethics-review", TimerKind.Breach).DueAt);
        Assert.Equal(3, before.Timers.Values.Count(t => t.Provisional));

        // The approval office's warning fires before the notice comes: it stays fired.
        var approvalWarning = Timer(before, "institutional-approval", TimerKind.Warning);
        await scenario.When(new FireTimer(Guid.NewGuid(), scenario.InstanceId, approvalWarning.TimerId));

        scenario.Clock.Set(new DateTimeOffset(2026, 12, 22, 8, 0, 0, Shanghai));
        scenario.RestartWith(TestCalendars.Announcing2027);
        var recomputed = await scenario.RecomputeTimers();

        // The notice gives 4 January off and makes Saturday 9 January a working day: the two deadlines counted through
        // 4 January move to 7 January; the ethics breach, counted past both, stays on 13 January but is no longer provisional.
        var moved = recomputed.Events.Select(e => e.Event).Cast<TimerRescheduled>()
            .ToDictionary(t => (t.StepId, t.Kind), t => (t.PreviousDueAt, t.DueAt, t.Provisional));
        Assert.Equal(3, moved.Count);
        Assert.Equal((Beijing(2027, 1, 6), Beijing(2027, 1, 7), false), moved[("contract-review", TimerKind.Breach)]);
        Assert.Equal((Beijing(2027, 1, 6), Beijing(2027, 1, 7), false), moved[("ethics-review", TimerKind.Warning)]);
        Assert.Equal((Beijing(2027, 1, 13), Beijing(2027, 1, 13), false), moved[("ethics-review", TimerKind.Breach)]);
        var rescheduled = recomputed.Events.Select(e => e.Event).Cast<TimerRescheduled>().First();
        Assert.Equal(TestCalendars.Announcing2027.Get("cn-mainland").ContentHash, rescheduled.CalendarHash);
        Assert.Contains("'cn-mainland' changed: it now lists holiday notices up to 2027", rescheduled.Reason, StringComparison.Ordinal);

        var after = await scenario.State();
        Assert.DoesNotContain(after.Timers.Values, t => t.Provisional);
        Assert.Contains(approvalWarning.TimerId, after.FiredTimers);
        Assert.DoesNotContain(approvalWarning.TimerId, after.Timers.Keys);
        var contract = Timer(after, "contract-review", TimerKind.Breach);
        Assert.Equal((Beijing(2027, 1, 6), (DateTimeOffset?)Beijing(2027, 1, 7)), (contract.PreviousDueAt!.Value, (DateTimeOffset?)contract.DueAt));
        Assert.Contains(scenario.Timers.Armed, t => t.TimerId == contract.TimerId && t.DueAt == Beijing(2027, 1, 7));

        var again = await scenario.RecomputeTimers();
        Assert.True(again.IsAccepted);
        Assert.Empty(again.Events);
        Assert.Equal(after.Version, (await scenario.State()).Version);
    }

    [Fact]
    public async Task RecomputeTimers_AfterACorrectionOfAnAnnouncedYear_MovesOnlyTheDeadlinesCountedThroughTheChangedDay()
    {
        // Opened Monday 14 December 2026: only the ethics breach (15 days) counts through 31 December.
        var scenario = await ParallelReviewOpenedOn(new DateTimeOffset(2026, 12, 14, 9, 0, 0, Shanghai));
        var before = (await scenario.State()).Timers.Values.ToList();

        scenario.RestartWith(TestCalendars.Correcting2026);
        var recomputed = await scenario.RecomputeTimers();

        // 31 December is now off: 29, 30 December, 4, 5, 6 January make 11–15, due 7 January, still on the rule.
        var moved = Assert.Single(recomputed.Events.Select(e => e.Event).Cast<TimerRescheduled>());
        Assert.Equal(("ethics-review", TimerKind.Breach), (moved.StepId, moved.Kind));
        Assert.Equal((Beijing(2027, 1, 6), Beijing(2027, 1, 7), true), (moved.PreviousDueAt, moved.DueAt, moved.Provisional));
        var after = (await scenario.State()).Timers.Values.ToList();
        Assert.Equal(before.Where(t => t.TimerId != moved.TimerId).Select(t => t.DueAt), after.Where(t => t.TimerId != moved.TimerId).Select(t => t.DueAt));
    }

    [Fact]
    public async Task RecomputeTimers_ForAClockResumedAfterAChangeRequest_CountsFromTheResumptionWithTheDaysUsedBefore()
    {
        var scenario = await ParallelReviewOpenedOn(new DateTimeOffset(2026, 12, 14, 9, 0, 0, Shanghai));
        // Two working days used (15 and 16 December), then the sponsor holds the contract until Monday 28 December.
        scenario.Clock.Set(new DateTimeOffset(2026, 12, 16, 10, 0, 0, Shanghai));
        await scenario.Complete("contract-review", "changes-requested");
        scenario.Clock.Set(new DateTimeOffset(2026, 12, 28, 10, 0, 0, Shanghai));
        await scenario.Resubmit("contract-review");
        var resumed = Timer(await scenario.State(), "contract-review", TimerKind.Breach);
        // Eight days left: 29–31 December, 4–8 January on the rule: due 9 January.
        Assert.Equal((Beijing(2027, 1, 9), true), (resumed.DueAt, resumed.Provisional));

        scenario.RestartWith(TestCalendars.Announcing2027);
        await scenario.RecomputeTimers();

        // On the notice: 29–31 December, 5–8 January and the make-up Saturday 9 January: due 10 January. The warning (five
        // days left): 29–31 December, 5 and 6 January: due 7 January.
        var state = await scenario.State();
        Assert.Equal((Beijing(2027, 1, 10), false), (Timer(state, "contract-review", TimerKind.Breach).DueAt, Timer(state, "contract-review", TimerKind.Breach).Provisional));
        Assert.Equal(Beijing(2027, 1, 7), Timer(state, "contract-review", TimerKind.Warning).DueAt);
    }

    [Fact]
    public async Task TimerRescheduled_RoundTripsThroughTheEventJson()
    {
        var e = new TimerRescheduled("ethics-review/1/breach@9", "ethics-review", 1, TimerKind.Breach, Beijing(2027, 1, 6), Beijing(2027, 1, 7),
            false, "abc", "because", Beijing(2026, 12, 22));

        var json = WorkflowEventJson.Serialize(e);

        Assert.Contains("\"type\":\"timer-rescheduled\"", json, StringComparison.Ordinal);
        Assert.Equal(e, WorkflowEventJson.Deserialize(json));
        // Events stored before deadlines could be provisional read as not provisional, computed on the instance's calendar.
        var old = (TimerScheduled)WorkflowEventJson.Deserialize(
            """{"type":"timer-scheduled","timerId":"t","stepId":"s","round":1,"kind":"breach","dueAt":"2026-03-17T00:00:00+08:00","at":"2026-03-02T09:00:00+08:00"}""");
        Assert.Equal((false, (string?)null), (old.Provisional, old.CalendarHash));
        await Task.CompletedTask;
    }
}
