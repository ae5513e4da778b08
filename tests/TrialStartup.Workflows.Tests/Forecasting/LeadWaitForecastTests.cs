namespace TrialStartup.Workflows.Tests.Forecasting;

using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Forecasting;
using TrialStartup.Workflows.Tests.Engine;

/// <summary>
/// A participating site's waits for its lead site (the lead's ethics approval, its signed contract as the unified
/// template) end when the lead's own forecast publishes them, not at once.
/// </summary>
public sealed class LeadWaitForecastTests
{
    private static readonly DefinitionCatalog Shipped = DefinitionCatalog.LoadDirectory(RepositoryPaths.Workflows);

    private static readonly CalendarCatalog Calendars = OneStepProject.Calendars;

    private static readonly SiteForecaster Forecaster = new(Shipped, Calendars, runs: 20);

    private static readonly ForecastHistory NoHistory = new([], []);

    [Fact]
    public async Task Forecast_OfTheLead_PublishesItsEthicsApprovalAndItsTemplateInEveryRun()
    {
        // multicenter-lead-site, every step on its target: intake 3, ethics 15 (approval published on day 18); the join
        // waits for ethics (18), then signing 5 publishes the unified template on day 23.
        var lead = await LeadJustSubmittedAsync();

        var forecast = Forecaster.Forecast(lead, NoHistory, Scenario.DefaultStart);

        var approval = Assert.Single(forecast.Signals, s => s.Signal == "lead-ethics-approval");
        Assert.All(approval.ByRun, at => Assert.Equal(OneStepProject.EndOfWorkingDays(Scenario.DefaultStart, 18), at));
        var template = Assert.Single(forecast.Signals, s => s.Signal == "unified-contract-template");
        Assert.All(template.ByRun, at => Assert.Equal(OneStepProject.EndOfWorkingDays(Scenario.DefaultStart, 23), at));
    }

    [Fact]
    public async Task Forecast_WhenWaitingForTheLead_EndsTheWaitsWhenTheLeadsForecastPublishes()
    {
        // The participating site passed intake at the start. Ethics: the lead approves on day 18, recognition 3 = 21.
        // Contract: the template comes on day 23, confirmation 3 = 26. Join 26, signing 3, meeting 10 = 39.
        var lead = Forecaster.Forecast(await LeadJustSubmittedAsync(), NoHistory, Scenario.DefaultStart);
        var site = await ParticipatingWaitingAsync();

        var forecast = Forecaster.Forecast(site, NoHistory, Scenario.DefaultStart, lead.Signals);

        Assert.Equal(OneStepProject.DateAfter(Scenario.DefaultStart, 39), forecast.P50);
        Assert.Equal(OneStepProject.DateAfter(Scenario.DefaultStart, 39), forecast.P95);
        Assert.Contains(new StepSource("await-lead-ethics", "wait", HistorySources.LeadSite, 20, null), forecast.Steps);
        Assert.Contains(new StepSource("await-unified-template", "wait", HistorySources.LeadSite, 20, null), forecast.Steps);
        Assert.Contains(forecast.Notes, n => n.Contains("wait for the lead site is included", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Forecast_WhenWaitingForTheLead_IsNeverEarlierThanTheLeadsApprovalPlusRecognition()
    {
        // The lead's ethics review took 20 to 40 working days in the past; its forecast's approval varies per run, and
        // every one of the site's runs activates at least recognition (3), signing (3) and meeting (10) after one of them.
        var history = Enumerable.Range(0, 2 * ForecastHistory.MinimumSamples).Select(i => new HistorySample(Guid.Empty, Guid.NewGuid(),
            new ForecastTrack(false, "lead"), "ethics-review", StretchKind.Decision, "approve", "full-board", 20 + (2 * i), default)).ToList();
        var lead = new SiteForecaster(Shipped, Calendars, runs: 200).Forecast(await LeadJustSubmittedAsync(), new ForecastHistory(history, []),
            Scenario.DefaultStart);
        var site = await ParticipatingWaitingAsync();

        var forecast = new SiteForecaster(Shipped, Calendars, runs: 200).Forecast(site, new ForecastHistory(history, []), Scenario.DefaultStart,
            lead.Signals);

        var earliestApproval = lead.Signals.Single(s => s.Signal == "lead-ethics-approval").ByRun.Min()!.Value;
        var earliestPossible = OneStepProject.DateAfter(earliestApproval, 3 + 3 + 10);
        Assert.All(forecast.ActivationByRun, d => Assert.True(d >= earliestPossible, $"{d} before {earliestPossible}"));
        Assert.True(forecast.P50 >= OneStepProject.DateAfter(Scenario.DefaultStart, 3 + 20 + 3 + 3 + 10));
    }

    [Fact]
    public async Task Forecast_WhenWaitingWithoutTheLeadsForecast_StillAssumesTheWaitEndsAtOnce()
    {
        // Without the lead's forecast (nor past waits) the wait takes no time, as the sources say: intake done, approval 5
        // ‖ recognition 3 ‖ confirmation 3, signing 3, meeting 10 = 18.
        var site = await ParticipatingWaitingAsync();

        var forecast = Forecaster.Forecast(site, NoHistory, Scenario.DefaultStart,
            [new SignalForecast("lead-ethics-approval", [null, null]), new SignalForecast("unified-contract-template", [])]);

        Assert.Equal(OneStepProject.DateAfter(Scenario.DefaultStart, 18), forecast.P50);
        Assert.Contains(new StepSource("await-lead-ethics", "wait", HistorySources.None, 0, null), forecast.Steps);
        Assert.DoesNotContain(forecast.Notes, n => n.Contains("lead site is included", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Forecast_WhenTheLeadHasAlreadyApproved_KeepsTheApprovalsInstantInEveryRun()
    {
        var scenario = Scenario.GivenShipped("multicenter-lead-site");
        await scenario.Start();
        await scenario.Complete("intake", "complete");
        await scenario.Complete("ethics-review", "approve", null, ("reviewType", "expedited"));
        var approved = new ForecastSubject(scenario.InstanceId, Guid.NewGuid(), new ForecastTrack(false, "lead"), await scenario.Events());

        var forecast = Forecaster.Forecast(approved, NoHistory, Scenario.DefaultStart.AddDays(1));

        var approval = Assert.Single(forecast.Signals, s => s.Signal == "lead-ethics-approval");
        Assert.All(approval.ByRun, at => Assert.Equal(Scenario.DefaultStart, at));
    }

    [Fact]
    public async Task Forecast_WhenTheLeadHasActivated_StillGivesWhatItPublished()
    {
        var scenario = Scenario.GivenShipped("multicenter-lead-site");
        await scenario.Start();
        await scenario.Complete("intake", "complete");
        await scenario.Complete("institutional-approval", "approve");
        scenario.Clock.Set(Scenario.DefaultStart.AddDays(1));
        await scenario.Complete("ethics-review", "approve", null, ("reviewType", "expedited"));
        await scenario.Complete("contract-review", "agreed");
        scenario.Clock.Set(Scenario.DefaultStart.AddDays(2));
        await scenario.Complete("contract-signing", "signed");
        Assert.True((await scenario.Complete("startup-meeting", "held")).IsAccepted);
        var activated = new ForecastSubject(scenario.InstanceId, Guid.NewGuid(), new ForecastTrack(false, "lead"), await scenario.Events());

        var forecast = Forecaster.Forecast(activated, NoHistory, Scenario.DefaultStart.AddDays(3));

        Assert.Equal(SiteForecastStatus.Activated, forecast.Status);
        Assert.Equal(["lead-ethics-approval", "unified-contract-template"], forecast.Signals.Select(s => s.Signal));
        Assert.All(forecast.Signals[0].ByRun, at => Assert.Equal(Scenario.DefaultStart.AddDays(1), at));
        Assert.All(forecast.Signals[1].ByRun, at => Assert.Equal(Scenario.DefaultStart.AddDays(2), at));
    }

    private static async Task<ForecastSubject> LeadJustSubmittedAsync()
    {
        var scenario = Scenario.GivenShipped("multicenter-lead-site");
        Assert.True((await scenario.Start()).IsAccepted);
        return new ForecastSubject(scenario.InstanceId, Guid.NewGuid(), new ForecastTrack(false, "lead"), await scenario.Events());
    }

    private static async Task<ForecastSubject> ParticipatingWaitingAsync()
    {
        var scenario = Scenario.GivenShipped("multicenter-participating-site");
        Assert.True((await scenario.Start(("acceptsLeadEthics", "true"))).IsAccepted);
        Assert.True((await scenario.Complete("intake", "complete")).IsAccepted);
        return new ForecastSubject(scenario.InstanceId, Guid.NewGuid(), new ForecastTrack(false, "participating"), await scenario.Events());
    }
}
