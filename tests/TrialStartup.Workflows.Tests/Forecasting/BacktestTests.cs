namespace TrialStartup.Workflows.Tests.Forecasting;

using TrialStartup.Workflows.Forecasting;
using Xunit.Abstractions;
using TrialStartup.Workflows.Tests.Engine;

/// <summary>Given synthetic history of a known distribution, the backtest shows the forecast calibrated.</summary>
public sealed class BacktestTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Backtest_WhenHistoryHasAKnownDistribution_ShowsP80CoverageNearEightyPercent()
    {
        // 300 projects, one submitted every working day, each reviewed in a duration drawn uniformly from 10..30 working
        // days (fixed seed). The first 100 only build history; the last 200 are backtested, each from the stretches that
        // closed before its forecast, its own left out.
        var random = new Random(20261204);
        var start = new DateTimeOffset(2025, 1, 6, 9, 0, 0, TimeSpan.FromHours(8)); // a Monday of the calendar's first year
        var projects = new List<BacktestProject>();
        var samples = new List<HistorySample>();
        for (var i = 0; i < 300; i++)
        {
            var (project, sample) = await OneStepProject.ActivatedAsync(Guid.NewGuid(), OneStepProject.EndOfWorkingDays(start, i), random.Next(10, 31));
            samples.Add(sample);
            if (i >= 100)
            {
                projects.Add(project);
            }
        }

        var backtest = new Backtest(new SiteForecaster(OneStepProject.Definitions, OneStepProject.Calendars, runs: 400), OneStepProject.Calendars);
        var report = backtest.Run(projects, new ForecastHistory(samples, []));

        // A calibrated p80 holds for 80 % of projects; with the discrete uniform the true share is P(D <= 26) = 17/21 = 0.81.
        // Over n = 200 projects the binomial standard error is sqrt(0.8 * 0.2 / 200) = 0.028, plus the history's own sampling
        // (≥ 100 stretches) moving each p80 by about a working day (±0.05 of probability). ±0.1 is about three combined
        // standard errors: a forecast that ignored the history (the 5-day target: coverage 0) or drew twice the durations
        // would fail it.
        var atSubmission = report.Points.Single(p => p.Point == Backtest.AtSubmission);
        foreach (var point in report.Points)
        {
            output.WriteLine(point.ToString());
        }

        Assert.Equal(200, atSubmission.Projects);
        Assert.Equal(200, atSubmission.Forecast);
        Assert.InRange(atSubmission.P80Coverage!.Value, 0.7, 0.9);
        Assert.InRange(atSubmission.P50Coverage!.Value, 0.4, 0.6);

        // The median |D - 20| of D uniform on 10..30 is 5 working days, about 7 calendar days; ±1 working day of sampling.
        Assert.InRange(atSubmission.MedianAbsoluteErrorDays!.Value, 4, 11);

        // Halfway, the draw is conditioned on the time already used; it stays calibrated and gets sharper.
        var halfway = report.Points.Single(p => p.Point == Backtest.Halfway);
        Assert.InRange(halfway.P80Coverage!.Value, 0.7, 0.95);
        Assert.True(halfway.MedianAbsoluteErrorDays < atSubmission.MedianAbsoluteErrorDays);
    }

    [Fact]
    public async Task Backtest_NeverSeesTheProjectsOwnOrLaterStretches()
    {
        // Every stretch but the project's own is 40 days and closes after the submission; its own is 10. With no leakage
        // the history at submission is empty, so the forecast falls back to the 5-day target.
        var (project, own) = await OneStepProject.ActivatedAsync(Guid.NewGuid(), Scenario.DefaultStart, 10);
        var later = Enumerable.Range(0, 30).Select(_ => OneStepProject.Sample(OneStepProject.Institution, "approve", 40, Scenario.DefaultStart.AddDays(1)));
        var backtest = new Backtest(new SiteForecaster(OneStepProject.Definitions, OneStepProject.Calendars, runs: 50), OneStepProject.Calendars);

        var report = backtest.Run([project], new ForecastHistory([own, .. later], []));

        var atSubmission = report.Cases.Single(c => c.Point == Backtest.AtSubmission);
        Assert.Equal(OneStepProject.DateAfter(Scenario.DefaultStart, 5), atSubmission.P50);
        Assert.Equal(OneStepProject.DateAfter(Scenario.DefaultStart, 10), atSubmission.Actual);
        Assert.False(atSubmission.HeldByP80);
    }
}
