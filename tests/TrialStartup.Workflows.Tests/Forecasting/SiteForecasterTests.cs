namespace TrialStartup.Workflows.Tests.Forecasting;

using TrialStartup.Workflows.Forecasting;
using TrialStartup.Workflows.Tests.Engine;

/// <summary>Given a project with one remaining step and a history of known shape, the forecast gives the known answers.</summary>
public sealed class SiteForecasterTests
{
    private static readonly DateTimeOffset AsOf = Scenario.DefaultStart;

    private static readonly SiteForecaster Forecaster = new(OneStepProject.Definitions, OneStepProject.Calendars);

    // 21 durations, 10..30 working days, each 10 times: uniform, so P(D <= v) = (v - 9) / 21.
    private static IEnumerable<HistorySample> Uniform10To30(Guid institution) =>
        Enumerable.Range(10, 21).SelectMany(days => Enumerable.Repeat(days, 10))
            .Select(days => OneStepProject.Sample(institution, "approve", days, AsOf.AddYears(-1)));

    [Fact]
    public async Task Forecast_WhenRunTwiceOnTheSameInput_GivesTheSameForecast()
    {
        var subject = await OneStepProject.StartedAsync(Guid.NewGuid(), AsOf);
        var history = new ForecastHistory(Uniform10To30(OneStepProject.Institution), []);

        var first = Forecaster.Forecast(subject, history, AsOf);
        var second = Forecaster.Forecast(subject, history, AsOf);

        Assert.Equal(first.Seed, second.Seed);
        Assert.Equal((first.P50, first.P80, first.P95), (second.P50, second.P80, second.P95));
        Assert.Equal(first.ActivationByRun, second.ActivationByRun);
        Assert.True(first.ActivationByRun.Distinct().Count() > 10, "the runs drew different durations");
    }

    [Fact]
    public async Task Forecast_WhenAnotherProjectHasTheSameState_DrawsItsOwnSequence()
    {
        var history = new ForecastHistory(Uniform10To30(OneStepProject.Institution), []);

        var one = Forecaster.Forecast(await OneStepProject.StartedAsync(Guid.NewGuid(), AsOf), history, AsOf);
        var other = Forecaster.Forecast(await OneStepProject.StartedAsync(Guid.NewGuid(), AsOf), history, AsOf);

        Assert.NotEqual(one.Seed, other.Seed);
        Assert.NotEqual(one.ActivationByRun, other.ActivationByRun);
    }

    [Fact]
    public async Task Forecast_WhenOneStepRemainsWithUniformHistory_GivesItsQuantiles()
    {
        var subject = await OneStepProject.StartedAsync(Guid.NewGuid(), AsOf);

        var forecast = Forecaster.Forecast(subject, new ForecastHistory(Uniform10To30(OneStepProject.Institution), []), AsOf);

        // True quantiles (nearest rank, P(D <= v) = (v - 9) / 21): p50 = 20, p80 = 26, p95 = 29 working days. With N = 1,000
        // runs the empirical CDF at a quantile has a standard error of sqrt(p(1-p)/N): 0.016 at p50, 0.013 at p80, 0.007 at
        // p95, i.e. 0.33, 0.27 and 0.14 of one working day (each day holds 1/21 of the mass). ±1 working day is over three
        // standard errors everywhere, so this fails only when the simulation is wrong, not by chance.
        Assert.Equal(SiteForecastStatus.Open, forecast.Status);
        AssertWithinOneWorkingDay(20, forecast.P50);
        AssertWithinOneWorkingDay(26, forecast.P80);
        AssertWithinOneWorkingDay(29, forecast.P95);
        Assert.Equal([new OutcomeChance(SiteForecaster.ActivatedResult, 1)], forecast.Outcomes);
        Assert.Equal([new StepSource("review", "decision", HistorySources.Institution, 210, null)], forecast.Steps);
    }

    [Fact]
    public async Task Forecast_WhenTheStepHasRunForAWhile_DrawsOnlyFromStretchesAtLeastThatLong()
    {
        // As of 20 working days into the review, only 20..30 remain possible: p50 of those is 25, i.e. 5 more days.
        var subject = await OneStepProject.StartedAsync(Guid.NewGuid(), AsOf);
        var later = OneStepProject.EndOfWorkingDays(AsOf, 20);

        var forecast = Forecaster.Forecast(subject, new ForecastHistory(Uniform10To30(OneStepProject.Institution), []), later);

        AssertWithinOneWorkingDay(25, forecast.P50);
        Assert.All(forecast.ActivationByRun, d => Assert.True(d >= OneStepProject.DateAfter(AsOf, 20)));
    }

    [Fact]
    public async Task Forecast_WhenTheInstitutionsHistoryIsThin_DrawsFromAllInstitutions()
    {
        var subject = await OneStepProject.StartedAsync(Guid.NewGuid(), AsOf);
        var own = Enumerable.Range(0, ForecastHistory.MinimumSamples - 1).Select(_ => OneStepProject.Sample(OneStepProject.Institution, "approve", 3, AsOf.AddDays(-30)));
        var others = Enumerable.Range(0, 20).Select(_ => OneStepProject.Sample(OneStepProject.OtherInstitution, "approve", 40, AsOf.AddDays(-30)));

        var forecast = Forecaster.Forecast(subject, new ForecastHistory([.. own, .. others], []), AsOf);

        Assert.Equal([new StepSource("review", "decision", HistorySources.AllInstitutions, 29, null)], forecast.Steps);
        Assert.Equal(OneStepProject.DateAfter(AsOf, 3), forecast.ActivationByRun.Min());
        Assert.Equal(OneStepProject.DateAfter(AsOf, 40), forecast.ActivationByRun.Max());
    }

    [Fact]
    public async Task Forecast_WhenTheInstitutionHasEnoughHistory_DrawsFromItsOwnOnly()
    {
        var subject = await OneStepProject.StartedAsync(Guid.NewGuid(), AsOf);
        var own = Enumerable.Range(0, ForecastHistory.MinimumSamples).Select(_ => OneStepProject.Sample(OneStepProject.Institution, "approve", 3, AsOf.AddDays(-30)));
        var others = Enumerable.Range(0, 20).Select(_ => OneStepProject.Sample(OneStepProject.OtherInstitution, "approve", 40, AsOf.AddDays(-30)));

        var forecast = Forecaster.Forecast(subject, new ForecastHistory([.. own, .. others], []), AsOf);

        Assert.Equal(HistorySources.Institution, Assert.Single(forecast.Steps).Source);
        Assert.Equal(OneStepProject.DateAfter(AsOf, 3), forecast.P95);
    }

    [Fact]
    public async Task Forecast_WhenNoHistoryAtAll_UsesTheTargetAndSaysSo()
    {
        var subject = await OneStepProject.StartedAsync(Guid.NewGuid(), AsOf);
        var fewEverywhere = Enumerable.Range(0, 4).Select(_ => OneStepProject.Sample(OneStepProject.OtherInstitution, "approve", 40, AsOf.AddDays(-30)));

        var forecast = Forecaster.Forecast(subject, new ForecastHistory(fewEverywhere, []), AsOf);

        Assert.Equal([new StepSource("review", "decision", HistorySources.Target, 0, null)], forecast.Steps);
        var target = OneStepProject.DateAfter(AsOf, 5); // the review's target: { workingDays: 5 }
        Assert.Equal((target, target, target), (forecast.P50, forecast.P80, forecast.P95));
    }

    [Fact]
    public async Task Forecast_WhenHistoryHasAKnownRejectionAndTerminationShare_GivesThoseChances()
    {
        var subject = await OneStepProject.StartedAsync(Guid.NewGuid(), AsOf);
        var decisions = Enumerable.Range(0, 100).Select(i => OneStepProject.Sample(OneStepProject.Institution, i < 30 ? "reject" : "approve", 10, AsOf.AddDays(-30)));
        var endings = Enumerable.Range(0, 40).Select(i => new ProjectEnding(OneStepProject.Institution, Guid.NewGuid(), OneStepProject.Track,
            i < 10 ? "terminated" : "activated", ByIntervention: i < 10, AsOf.AddDays(-30)));

        var forecast = Forecaster.Forecast(subject, new ForecastHistory(decisions, endings), AsOf);

        // Terminated: 10 of 40 = 0.25. Not approved: 0.3 of the 0.75 not terminated = 0.225. Activated: 0.525. The standard
        // error of a share near these with 1,000 runs is at most sqrt(0.25/1000) = 0.016; 0.05 is three of them.
        var chances = forecast.Outcomes.ToDictionary(o => o.Result, o => o.Probability);
        Assert.Equal(0.25, chances[SiteForecaster.TerminatedResult], 0.05);
        Assert.Equal(0.225, chances["not-approved"], 0.05);
        Assert.Equal(0.525, chances[SiteForecaster.ActivatedResult], 0.05);
        Assert.Equal(1.0, forecast.Outcomes.Sum(o => o.Probability), 3);
    }

    [Fact]
    public async Task Forecast_WhenTheProjectHasActivated_ReportsTheActivationDate()
    {
        var (project, _) = await OneStepProject.ActivatedAsync(Guid.NewGuid(), AsOf, 7);
        var subject = new ForecastSubject(project.ProjectId, project.InstitutionId, project.Track, project.Events);

        var forecast = Forecaster.Forecast(subject, new ForecastHistory([], []), AsOf.AddMonths(2));

        Assert.Equal(SiteForecastStatus.Activated, forecast.Status);
        Assert.Equal(OneStepProject.DateAfter(AsOf, 7), forecast.P50);
    }

    private static void AssertWithinOneWorkingDay(int workingDays, DateOnly? actual)
    {
        Assert.NotNull(actual);
        var (low, high) = (OneStepProject.DateAfter(AsOf, workingDays - 1), OneStepProject.DateAfter(AsOf, workingDays + 1));
        Assert.True(actual >= low && actual <= high, $"expected {OneStepProject.DateAfter(AsOf, workingDays)} (±1 working day), got {actual}");
    }
}
