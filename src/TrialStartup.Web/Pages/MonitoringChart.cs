namespace TrialStartup.Web.Pages;

using MudBlazor;
using TrialStartup.Web.Workspace;

/// <summary>
/// One chart of the monitoring page: its labels along the axis and its series. A figure that is not known is left out,
/// never drawn as zero, which would read as "done at once" or "never within target": a step is charted only with a
/// median, a step without a target (its counted projects ran versions that set different targets) has no target bar, and
/// the share within target is charted only for the steps whose share is known.
/// </summary>
/// <param name="Labels">One label per point of every series.</param>
/// <param name="Series">The series, in legend order.</param>
public sealed record MonitoringChart(string[] Labels, List<ChartSeries<double>> Series)
{
    /// <summary>The median working days of each measured step beside its target.</summary>
    public static MonitoringChart Turnaround(StepTurnaround report, Words words)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(words);
        var measured = report.Rows.Where(r => r.MedianWorkingDays is not null).ToList();
        return new([.. measured.Select(r => Label(report, r, words))],
        [
            SeriesOf(words["Series_MedianWorkingDays"], measured.Select(r => r.MedianWorkingDays)),
            SeriesOf(words["Series_TargetWorkingDays"], measured.Select(r => (double?)r.TargetWorkingDays)),
        ]);
    }

    /// <summary>The share of each step's completed instances that were within their target, in percent.</summary>
    public static MonitoringChart ShareWithinTarget(StepTurnaround report, Words words)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(words);
        var known = report.Rows.Where(r => r.ShareWithinTarget is not null).ToList();
        return new([.. known.Select(r => Label(report, r, words))],
            [SeriesOf(words["Series_ShareWithinTarget"], known.Select(r => (double?)Math.Round(100 * r.ShareWithinTarget!.Value)))]);
    }

    /// <summary>Whether the chart has anything to draw.</summary>
    public bool IsEmpty => Labels.Length == 0;

    // A step's name, with its track's where the report has the step in more than one track.
    private static string Label(StepTurnaround report, StepTurnaroundRow row, Words words) =>
        words.Step(row.StepId) + (report.Rows.Count(o => o.StepId == row.StepId) > 1 ? $" ({words.Workflow(row.Track)})" : "");

    // A missing value stays a point without a value (MudBlazor draws nothing for it), not a zero.
    private static ChartSeries<double> SeriesOf(string name, IEnumerable<double?> values) =>
        new() { Name = name, Data = new ChartData<double>(values.Select(v => v is { } value ? Math.Round(value, 1) : (double?)null).ToList()) };
}
