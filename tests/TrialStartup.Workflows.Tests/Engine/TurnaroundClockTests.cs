namespace TrialStartup.Workflows.Tests.Engine;

using TrialStartup.Workflows.Tests.Calendars;
using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Commands;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>Timers, the clock stop while the submitter holds the work, and stale timer jobs.</summary>
public sealed class TurnaroundClockTests
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    private static async Task<Scenario> AtParallelReview()
    {
        var scenario = Scenario.GivenShipped("standard-site-startup");
        await scenario.Start();
        await scenario.Complete("intake", "complete");
        return scenario;
    }

    private static TimerScheduled Breach(Scenario scenario, string step) =>
        scenario.LastOf<TimerScheduled>().Single(t => t.StepId == step && t.Kind == TimerKind.Breach);

    [Fact]
    public async Task ContractReview_OpenedMonday_IsDueAtTheEndOfTheTenthWorkingDay()
    {
        var scenario = await AtParallelReview();

        // Opened Mon 2 Mar 2026; the opening day does not count: Tue 3 .. Fri 13 Mar is 9 days, Mon 16 the 10th.
        Assert.Equal(new DateTimeOffset(2026, 3, 17, 0, 0, 0, Shanghai), Breach(scenario, "contract-review").DueAt);
        var warning = scenario.LastOf<TimerScheduled>().Single(t => t.StepId == "contract-review" && t.Kind == TimerKind.Warning);
        Assert.Equal(new DateTimeOffset(2026, 3, 12, 0, 0, 0, Shanghai), warning.DueAt); // 7th working day: Wed 11 Mar
    }

    [Fact]
    public async Task ChangesRequested_StopsTheClock_AndResubmissionResumesWithTheRemainingWorkingDays()
    {
        var scenario = await AtParallelReview();

        // Four working days used (Tue 3 .. Fri 6 Mar), then the sponsor holds the work for two weeks.
        scenario.Clock.Set(new DateTimeOffset(2026, 3, 6, 10, 0, 0, Shanghai));
        await scenario.Complete("contract-review", "changes-requested");
        Assert.Equal(4, scenario.LastOf<ClockStopped>().Single().ElapsedWorkingDays);
        Assert.DoesNotContain(scenario.Timers.Armed, t => t.TimerId.StartsWith("contract-review", StringComparison.Ordinal));

        scenario.Clock.Set(new DateTimeOffset(2026, 3, 20, 10, 0, 0, Shanghai));
        await scenario.Resubmit("contract-review");

        // Six working days remain: Mon 23 .. Fri 27, Mon 30 Mar; due at the end of Monday 30 March.
        var activated = scenario.LastOf<StepActivated>().Single();
        Assert.Equal((2, 4), (activated.Round, activated.ElapsedWorkingDays));
        Assert.Equal(new DateTimeOffset(2026, 3, 31, 0, 0, 0, Shanghai), Breach(scenario, "contract-review").DueAt);

        // The warning point (7 working days) is 3 days into the resumed clock: end of Wed 25 March.
        var warning = scenario.LastOf<TimerScheduled>().Single(t => t.Kind == TimerKind.Warning);
        Assert.Equal(new DateTimeOffset(2026, 3, 26, 0, 0, 0, Shanghai), warning.DueAt);
    }

    [Fact]
    public async Task Target_AcrossQingmingHolidays_SkipsThem()
    {
        var scenario = Scenario.GivenShipped("standard-site-startup");
        scenario.Clock.Set(new DateTimeOffset(2026, 4, 1, 9, 0, 0, Shanghai)); // Wednesday before Qingming (4-6 April)

        await scenario.Start();

        // Intake target 3 working days: Thu 2, Fri 3, (Sat 4 - Mon 6 Qingming), Tue 7 April.
        Assert.Equal(new DateTimeOffset(2026, 4, 8, 0, 0, 0, Shanghai), Breach(scenario, "intake").DueAt);
    }

    [Fact]
    public async Task Decision_WhoseDeadlinesFallInAnUncoveredYear_IsRefusedUntilTheCalendarHasThatYear()
    {
        // A calendar that names no rule for the years after its last notice (the shipped one names one: see
        // ProvisionalDeadlineTests).
        var scenario = Scenario.GivenShipped("standard-site-startup");
        scenario.RestartWith(new CalendarCatalog([ShippedCalendars.CnMainlandWithoutRule]));
        scenario.Clock.Set(new DateTimeOffset(2026, 12, 14, 9, 0, 0, Shanghai));
        await scenario.Start();
        var before = await scenario.Events();

        var result = await scenario.Complete("intake", "complete"); // ethics review's 15 working days run into 2027

        Assert.Equal(RefusalCodes.CalendarNotCovered, result.Refusal!.Code);
        Assert.Contains("2027", result.Refusal.Message, StringComparison.Ordinal);
        Assert.Equal(before, await scenario.Events());
    }

    [Fact]
    public async Task FireTimer_WhenLive_RecordsItOnce_AndAStaleOrRepeatedJobIsRefused()
    {
        var scenario = await AtParallelReview();
        var warning = scenario.Timers.Armed.First(t => t.TimerId.StartsWith("institutional-approval", StringComparison.Ordinal));
        scenario.Clock.Set(warning.DueAt);

        var fired = await scenario.When(new FireTimer(Guid.NewGuid(), scenario.InstanceId, warning.TimerId));
        var repeated = await scenario.When(new FireTimer(Guid.NewGuid(), scenario.InstanceId, warning.TimerId));

        Assert.Equal(["timer-fired"], fired.Events.Select(e => WorkflowEventJson.AliasOf(e.Event)));
        Assert.Equal(RefusalCodes.TimerNotLive, repeated.Refusal!.Code);
        Assert.Contains(warning.TimerId, (await scenario.State()).FiredTimers);
    }

    [Fact]
    public async Task TargetOf_ATaskWhoseBreachFired_IsStillTheDeadlineItMissed_UntilItsNextRound()
    {
        var scenario = await AtParallelReview();
        var breach = scenario.Timers.Armed.Single(t => t.TimerId.StartsWith("contract-review/1/breach", StringComparison.Ordinal));
        Assert.Equal(breach.DueAt, (await scenario.State()).TargetOf("contract-review", 1)?.DueAt);
        scenario.Clock.Set(breach.DueAt);

        await scenario.When(new FireTimer(Guid.NewGuid(), scenario.InstanceId, breach.TimerId));

        var state = await scenario.State();
        Assert.DoesNotContain(breach.TimerId, state.Timers.Keys);
        Assert.Equal((breach.TimerId, breach.DueAt), (state.TargetOf("contract-review", 1)?.TimerId, state.TargetOf("contract-review", 1)?.DueAt));
        Assert.Null(state.TargetOf("ethics-review", 2));

        // Round 2 has a target of its own.
        await scenario.Complete("contract-review", "changes-requested");
        await scenario.Resubmit("contract-review");
        var second = (await scenario.State()).TargetOf("contract-review", 2);
        Assert.NotNull(second);
        Assert.NotEqual(breach.TimerId, second.TimerId);
    }

    [Fact]
    public async Task FireTimer_ForACompletedStep_IsRefusedAndWritesNothing()
    {
        var scenario = await AtParallelReview();
        var breach = scenario.Timers.Armed.Single(t => t.TimerId.StartsWith("institutional-approval/1/breach", StringComparison.Ordinal));
        await scenario.Complete("institutional-approval", "approve");
        var before = (await scenario.Events()).Count;

        var late = await scenario.When(new FireTimer(Guid.NewGuid(), scenario.InstanceId, breach.TimerId));

        Assert.Equal(RefusalCodes.TimerNotLive, late.Refusal!.Code);
        Assert.Equal(before, (await scenario.Events()).Count);
    }

    [Fact]
    public async Task InMemoryScheduler_ArmsOnScheduleAndDisarmsOnCompletion()
    {
        var scenario = await AtParallelReview();
        Assert.Equal(6, scenario.Timers.Armed.Count); // warning + breach for each of the three reviews

        await scenario.Complete("institutional-approval", "approve");

        Assert.Equal(4, scenario.Timers.Armed.Count);
        Assert.Empty(scenario.Timers.TakeDue(scenario.Clock.Now));
        Assert.Equal(4, scenario.Timers.TakeDue(new DateTimeOffset(2026, 12, 1, 0, 0, 0, Shanghai)).Count);
        Assert.Empty(scenario.Timers.Armed);
    }
}
