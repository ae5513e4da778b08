namespace TrialStartup.Api.Tests.Workspace;

using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Web;
using TrialStartup.Web.Pages;
using TrialStartup.Web.Workspace;

/// <summary>The monitoring's charts leave out what is not known instead of drawing it as zero.</summary>
public sealed class MonitoringChartTests
{
    // Intake: measured against its target. Ethics review: measured, but its projects ran versions with different targets,
    // so the step has no one target (each project still counts against its own). Contract review: nothing completed.
    // Institutional approval: measured, but its working days could not be counted (a date outside the calendar).
    private static readonly StepTurnaround Report = new(Guid.NewGuid(), "cn-mainland", null, null, "working-days",
    [
        new("standard-site-startup", "intake", 3, 4, 2, 3, 2, 0.5, 0),
        new("standard-site-startup", "ethics-review", null, 2, 12, 14, 2, 1.0, 0),
        new("standard-site-startup", "contract-review", 10, 0, null, null, null, null, 0),
        new("standard-site-startup", "institutional-approval", 5, 1, 4, 4, null, null, 0),
    ]);

    [Fact]
    public void Turnaround_ChartsMeasuredSteps_AndAStepWithoutATargetHasNoTargetBar() => InEnglish(words =>
    {
        var chart = MonitoringChart.Turnaround(Report, words);

        Assert.Equal(["Intake (completeness check)", "Ethics review", "Institutional approval"], chart.Labels);
        var (median, target) = (chart.Series[0], chart.Series[1]);
        Assert.Equal(("Median working days", "Target"), (median.Name, target.Name));
        Assert.Equal([2.0, 12.0, 4.0], median.Data.Points.Select(p => p.Y));
        Assert.Equal([true, false, true], target.Data.Points.Select(p => p.HasValue));
        Assert.Equal([3.0, 5.0], target.Data.Points.Where(p => p.HasValue).Select(p => p.Y));
    });

    [Fact]
    public void ShareWithinTarget_ChartsOnlyTheStepsWhoseShareIsKnown() => InEnglish(words =>
    {
        var chart = MonitoringChart.ShareWithinTarget(Report, words);

        Assert.Equal(["Intake (completeness check)", "Ethics review"], chart.Labels);
        var share = Assert.Single(chart.Series);
        Assert.Equal([50.0, 100.0], share.Data.Points.Select(p => p.Y));
        Assert.All(share.Data.Points, p => Assert.True(p.HasValue));
    });

    [Fact]
    public void AReportWithNothingMeasured_GivesEmptyCharts() => InEnglish(words =>
    {
        var nothing = Report with { Rows = [Report.Rows[2]] };

        Assert.True(MonitoringChart.Turnaround(nothing, words).IsEmpty);
        Assert.True(MonitoringChart.ShareWithinTarget(nothing, words).IsEmpty);
    });

    // The workspace's words as the host registers them, in English.
    private static void InEnglish(Action<Words> test)
    {
        using var services = new ServiceCollection().AddLogging().AddLocalization(o => o.ResourcesPath = "Resources").AddWebWorkspace()
            .BuildServiceProvider();
        using var scope = services.CreateScope();
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
            test(scope.ServiceProvider.GetRequiredService<Words>());
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
