namespace TrialStartup.Workflows.Tests.Forecasting;

using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Forecasting;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Commands;
using TrialStartup.Workflows.Tests.Engine;

/// <summary>The forecast walks a shipped definition's parallel reviews, join and revision loops as the engine does.</summary>
public sealed class ParallelPathForecastTests
{
    private static readonly DefinitionCatalog Shipped = DefinitionCatalog.LoadDirectory(RepositoryPaths.Workflows);

    private static readonly CalendarCatalog Calendars = OneStepProject.Calendars;

    private static readonly ForecastTrack Track = new(false, "single");

    [Fact]
    public async Task Forecast_WhenEveryStepFallsBackToItsTarget_AddsTheLongestParallelReviewToTheSequentialSteps()
    {
        // standard-site-startup: intake 3, then approval 5 ‖ ethics 15 ‖ contract 10 joined (15), signing 5, meeting 10 = 33.
        var subject = await SubmittedAsync();

        var forecast = new SiteForecaster(Shipped, Calendars, runs: 20).Forecast(subject, new ForecastHistory([], []), Scenario.DefaultStart);

        Assert.Equal(OneStepProject.DateAfter(Scenario.DefaultStart, 33), forecast.P50);
        Assert.Equal(
            ["intake", "institutional-approval", "ethics-review", "contract-review", "contract-signing", "startup-meeting"],
            forecast.Steps.Select(s => s.StepId));
        Assert.All(forecast.Steps, s => Assert.Equal(HistorySources.Target, s.Source));
    }

    [Fact]
    public async Task Forecast_WhenEthicsAlwaysAsksForModifications_WalksTheRevisionRoundAndTheCheck()
    {
        // Ethics review always takes 20 days and approves after modifications; the sponsor answers in 4; the check
        // (no history) takes its 5-day target. Ethics ends at 3 + 20 + 4 + 5 = 32, then signing 5 and meeting 10 = 47.
        var subject = await SubmittedAsync();
        var history = new List<HistorySample>();
        for (var i = 0; i < ForecastHistory.MinimumSamples; i++)
        {
            history.Add(new(Guid.Empty, Guid.NewGuid(), Track, "ethics-review", StretchKind.Decision, "approve-after-modifications", "expedited", 20, default));
            history.Add(new(Guid.Empty, Guid.NewGuid(), Track, "ethics-review", StretchKind.SubmitterHold, "resubmitted", null, 4, default));
        }

        var forecast = new SiteForecaster(Shipped, Calendars, runs: 20).Forecast(subject, new ForecastHistory(history, []), Scenario.DefaultStart);

        Assert.Equal(OneStepProject.DateAfter(Scenario.DefaultStart, 47), forecast.P50);
        Assert.Contains(new StepSource("ethics-review", "submitter-hold", HistorySources.AllInstitutions, 10, null), forecast.Steps);
        Assert.Contains(forecast.Steps, s => s is { StepId: "ethics-modification-check", Source: HistorySources.Target });
    }

    [Fact]
    public async Task Forecast_WhenEthicsIsOnAMeetingsAgenda_DrawsFullBoardReviewsOnly_AndDecidesAtTheMeetingAtTheEarliest()
    {
        // Full-board reviews took 20 working days, expedited ones 2. On an agenda, the review is a full-board one, and the
        // meeting is 30 calendar days away: the committee decides then (or 20 working days on, whichever is later).
        var meetingAt = Scenario.DefaultStart.AddDays(30);
        var subject = await SubmittedAsync(async (engine, project) =>
        {
            Assert.True((await engine.HandleAsync(new CompleteTask(Guid.NewGuid(), project, null, Scenario.As(Roles.SiteOffice), "intake", "complete"))).IsAccepted);
            Assert.True((await engine.HandleAsync(new SetMeeting(Guid.NewGuid(), project, null, Scenario.As(Roles.EthicsCommittee), "ethics-review", 1,
                Guid.NewGuid(), meetingAt))).IsAccepted);
        });
        var history = Enumerable.Range(0, 2 * ForecastHistory.MinimumSamples).Select(i => new HistorySample(Guid.Empty, Guid.NewGuid(), Track,
            "ethics-review", StretchKind.Decision, "approve", i % 2 == 0 ? "full-board" : "expedited", i % 2 == 0 ? 20 : 2, default));

        var forecast = new SiteForecaster(Shipped, Calendars, runs: 20).Forecast(subject, new ForecastHistory(history, []), Scenario.DefaultStart);

        Assert.Contains(new StepSource("ethics-review", "decision", HistorySources.AllInstitutions, ForecastHistory.MinimumSamples, "full-board"), forecast.Steps);

        // Ethics: 20 working days from Monday 2 March end on Friday 27 March, before the meeting on 1 April; so the join
        // waits for the meeting, then signing 5 and the start-up meeting 10 working days (Qingming, 4-6 April, skipped).
        var decidedAtMeeting = OneStepProject.DateAfter(meetingAt, 15);
        Assert.Equal(decidedAtMeeting, forecast.P50);
        Assert.Equal(decidedAtMeeting, forecast.P95);
    }

    private static async Task<ForecastSubject> SubmittedAsync(Func<WorkflowEngine, Guid, Task>? then = null)
    {
        var store = new InMemoryEventStore();
        var engine = new WorkflowEngine(Shipped, Calendars, store, new InMemoryTimerScheduler(), new ManualClock(Scenario.DefaultStart));
        var project = Guid.NewGuid();
        var started = await engine.HandleAsync(new StartWorkflow(Guid.NewGuid(), project, Scenario.As(Roles.SiteOffice), "standard-site-startup", null,
            "cn-mainland", new Dictionary<string, string>()));
        Assert.True(started.IsAccepted);
        if (then is not null)
        {
            await then(engine, project);
        }

        return new ForecastSubject(project, Guid.NewGuid(), Track, [.. (await store.ReadAsync(project)).Select(e => e.Event)]);
    }
}
