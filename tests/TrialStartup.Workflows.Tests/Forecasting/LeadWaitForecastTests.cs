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
    public async Task Forecast_WhenWaitingWithoutTheLeadsForecast_StillAssumesTheWaitEndsAtOnceAndSaysSo()
    {
        // Without the lead's forecast (nor past waits) the wait takes no time, as the sources say: intake done, approval 5
        // ‖ recognition 3 ‖ confirmation 3, signing 3, meeting 10 = 18.
        var site = await ParticipatingWaitingAsync();

        var forecast = Forecaster.Forecast(site, NoHistory, Scenario.DefaultStart, signals: []);

        Assert.Equal(OneStepProject.DateAfter(Scenario.DefaultStart, 18), forecast.P50);
        Assert.Contains(new StepSource("await-lead-ethics", "wait", HistorySources.None, 0, null), forecast.Steps);
        Assert.DoesNotContain(forecast.Notes, n => n.Contains("lead site is included", StringComparison.Ordinal));
        Assert.Contains(forecast.Notes, n => n.Contains("the lead site's forecast is not available", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Forecast_WhenTheLeadHasNotSubmitted_EstimatesTheWaitFromTheLeadsWholePathAsIfItSubmittedNow()
    {
        // The lead's dossier is not in: as if it submitted now, it approves on day 18 and signs on day 23, as the lead
        // just submitted does; the site activates on day 39 (not 18, as a wait taken to end at once would have it).
        var notSubmitted = new ForecastSubject(Guid.NewGuid(), Guid.NewGuid(), new ForecastTrack(false, "lead"), []);
        var lead = Forecaster.ForecastAsIfSubmitted(notSubmitted, "multicenter-lead-site", "cn-mainland",
            new Dictionary<string, string> { ["innovative"] = "false" }, NoHistory, Scenario.DefaultStart);
        var site = await ParticipatingWaitingAsync();

        var forecast = Forecaster.Forecast(site, NoHistory, Scenario.DefaultStart, lead);

        Assert.True(lead.AsIfSubmitted);
        Assert.Equal(SiteForecastStatus.Open, lead.Status);
        Assert.Equal(OneStepProject.DateAfter(Scenario.DefaultStart, 39), forecast.P50);
        Assert.Contains(new StepSource("await-lead-ethics", "wait", HistorySources.LeadSiteNotSubmitted, 20, null), forecast.Steps);
        Assert.Contains(forecast.Notes, n => n.Contains("the lead site has not submitted yet", StringComparison.Ordinal));
        Assert.DoesNotContain(forecast.Notes, n => n.Contains("lead site is included", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Forecast_WhenTheLeadNeverSubmittedAForecast_GivesNothingToFollow()
    {
        // The lead's own not-submitted forecast has no runs: the site's waits fall back, and say so.
        var notSubmitted = Forecaster.Forecast(new ForecastSubject(Guid.NewGuid(), Guid.NewGuid(), new ForecastTrack(false, "lead"), []),
            NoHistory, Scenario.DefaultStart);

        var forecast = Forecaster.Forecast(await ParticipatingWaitingAsync(), NoHistory, Scenario.DefaultStart, notSubmitted);

        Assert.Equal(OneStepProject.DateAfter(Scenario.DefaultStart, 18), forecast.P50);
        Assert.Contains(forecast.Notes, n => n.Contains("the lead site's forecast is not available", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Forecast_WhenTheLeadAlwaysDisapproves_EndsEveryRunAsTheLeadDisapproved()
    {
        // Every past lead ethics review disapproved: every lead run publishes its disapproval, none its approval, and the
        // site (version 2) follows the lead's disapproval in every run; no run activates, so there are no dates.
        var history = new ForecastHistory(LeadEthics(Enumerable.Repeat("disapprove", ForecastHistory.MinimumSamples)), []);
        var lead = Forecaster.Forecast(await LeadJustSubmittedAsync(), history, Scenario.DefaultStart);

        var forecast = Forecaster.Forecast(await ParticipatingWaitingAsync(), history, Scenario.DefaultStart, lead);

        Assert.Equal([new OutcomeChance("disapproved", 1)], lead.Outcomes);
        Assert.Equal([new OutcomeChance("lead-disapproved", 1)], forecast.Outcomes);
        Assert.Null(forecast.P50);
        Assert.Contains(forecast.Notes, n => n.StartsWith("100.0 % of the runs end without activation because the lead site", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Forecast_WhenTheLeadSometimesDisapproves_CountsThoseRunsInTheSitesOutcomes()
    {
        // Half the lead's past reviews disapproved. Before, the site drew only from the lead's approving runs and was
        // sure to activate; now about half its runs end as the lead disapproved, as about half the lead's runs do.
        var history = new ForecastHistory(LeadEthics(Enumerable.Range(0, 2 * ForecastHistory.MinimumSamples)
            .Select(i => i % 2 == 0 ? "approve" : "disapprove")), []);
        var forecaster = new SiteForecaster(Shipped, Calendars, runs: 400);
        var lead = forecaster.Forecast(await LeadJustSubmittedAsync(), history, Scenario.DefaultStart);

        var forecast = forecaster.Forecast(await ParticipatingWaitingAsync(), history, Scenario.DefaultStart, lead);

        var leadDisapproved = lead.Outcomes.Single(o => o.Result == "disapproved").Probability;
        var siteDisapproved = forecast.Outcomes.Single(o => o.Result == "lead-disapproved").Probability;
        Assert.InRange(leadDisapproved, 0.4, 0.6);
        Assert.InRange(siteDisapproved, leadDisapproved - 0.1, leadDisapproved + 0.1);
        Assert.InRange(forecast.Outcomes.Single(o => o.Result == SiteForecaster.ActivatedResult).Probability, 0.4, 0.6);
        Assert.NotNull(forecast.P50);
    }

    [Fact]
    public async Task Forecast_WhenTheLeadRunEndsWithoutWhatTheSiteWaitsFor_EndsTheRunAsLeadEnded()
    {
        // Two lead runs that published nothing (not approved, say): the site waits for what never comes.
        var forecast = Forecaster.Forecast(await ParticipatingWaitingAsync(), NoHistory, Scenario.DefaultStart,
            [new SignalForecast("lead-ethics-approval", [null, null]), new SignalForecast("unified-contract-template", [null, null])]);

        Assert.Equal([new OutcomeChance(SiteForecaster.LeadEndedResult, 1)], forecast.Outcomes);
        Assert.Contains(new StepSource("await-lead-ethics", "wait", HistorySources.LeadSite, 0, null), forecast.Steps);
    }

    [Fact]
    public async Task Forecast_FollowsOneLeadRunForBothWaits()
    {
        // Lead runs: half approve on day 18 and sign on day 23, half approve on day 40 and sign on day 45. Each site run
        // follows one lead run for both waits: 39, or 40 + recognition 3 ‖ 45 + confirmation 3 = 48, signing 3, meeting
        // 10 = 61. Drawn apart, a late approval with an early template (43 ‖ 26) would give 56.
        var early = (OneStepProject.EndOfWorkingDays(Scenario.DefaultStart, 18), OneStepProject.EndOfWorkingDays(Scenario.DefaultStart, 23));
        var late = (OneStepProject.EndOfWorkingDays(Scenario.DefaultStart, 40), OneStepProject.EndOfWorkingDays(Scenario.DefaultStart, 45));
        var runs = Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? early : late).ToList();

        var forecast = Forecaster.Forecast(await ParticipatingWaitingAsync(), NoHistory, Scenario.DefaultStart,
            [new SignalForecast("lead-ethics-approval", [.. runs.Select(r => (DateTimeOffset?)r.Item1)]),
                new SignalForecast("unified-contract-template", [.. runs.Select(r => (DateTimeOffset?)r.Item2)])]);

        Assert.All(forecast.ActivationByRun, d => Assert.Contains(d, new DateOnly?[]
            { OneStepProject.DateAfter(Scenario.DefaultStart, 39), OneStepProject.DateAfter(Scenario.DefaultStart, 61) }));
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

    [Fact]
    public async Task Backtest_OfAParticipatingSite_ForecastsItsWaitsFromTheLeadsForecastAsOfTheSameInstant()
    {
        // The site activated on day 39, after the lead approved on day 18 and signed on day 23, as the lead's forecast on
        // its targets has it. As of the site's submission, with its lead the backtest forecasts day 39; without it, the
        // waits were taken to end at once (day 18). A lead that had not submitted by then is forecast as if it submitted then.
        var site = await ParticipatingActivatedAsync();
        var facts = new Dictionary<string, string> { ["innovative"] = "false" };
        var submitted = new BacktestLead(await LeadJustSubmittedAsync(), "multicenter-lead-site", "cn-mainland", facts);
        var notYet = new BacktestLead(new ForecastSubject(Guid.NewGuid(), Guid.NewGuid(), new ForecastTrack(false, "lead"), []),
            "multicenter-lead-site", "cn-mainland", facts);
        var backtest = new Backtest(Forecaster, Calendars);

        DateOnly? AtSubmission(BacktestProject project) =>
            backtest.Run([project], NoHistory).Cases.Single(c => c.Point == Backtest.AtSubmission).P50;

        Assert.Equal(OneStepProject.DateAfter(Scenario.DefaultStart, 18), AtSubmission(site));
        Assert.Equal(OneStepProject.DateAfter(Scenario.DefaultStart, 39), AtSubmission(site with { Lead = submitted }));
        Assert.Equal(OneStepProject.DateAfter(Scenario.DefaultStart, 39), AtSubmission(site with { Lead = notYet }));
        Assert.Equal(0, backtest.Run([site with { Lead = submitted }], NoHistory).Cases.Single(c => c.Point == Backtest.AtSubmission).P50ErrorDays);
    }

    // The participating site as the lead's targets have it: approval on 18, recognition 21, template 23, confirmation 26,
    // signing 29, start-up meeting 39.
    private static async Task<BacktestProject> ParticipatingActivatedAsync()
    {
        var scenario = Scenario.GivenShipped("multicenter-participating-site");
        Assert.True((await scenario.Start(("acceptsLeadEthics", "true"))).IsAccepted);
        Assert.True((await scenario.Complete("intake", "complete")).IsAccepted);
        foreach (var (day, act) in new (int, Func<Task<TrialStartup.Workflows.Runtime.CommandResult>>)[]
        {
            (5, () => scenario.Complete("institutional-approval", "approve")),
            (18, () => scenario.Signal("lead-ethics-approval")),
            (21, () => scenario.Complete("ethics-recognition", "recognised")),
            (23, () => scenario.Signal("unified-contract-template")),
            (26, () => scenario.Complete("contract-confirmation", "confirmed")),
            (29, () => scenario.Complete("contract-signing", "signed")),
            (39, () => scenario.Complete("startup-meeting", "held")),
        })
        {
            scenario.Clock.Set(OneStepProject.EndOfWorkingDays(Scenario.DefaultStart, day));
            var result = await act();
            Assert.True(result.IsAccepted, result.Refusal?.Message);
        }

        return new BacktestProject(scenario.InstanceId, Guid.NewGuid(), new ForecastTrack(false, "participating"), await scenario.Events());
    }

    // Past decisions of lead sites' ethics reviews, 15 working days each (the target), with the outcomes given.
    private static List<HistorySample> LeadEthics(IEnumerable<string> outcomes) => [.. outcomes.Select(o => new HistorySample(Guid.Empty, Guid.NewGuid(),
        new ForecastTrack(false, "lead"), "ethics-review", StretchKind.Decision, o, "full-board", 15, default))];

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
