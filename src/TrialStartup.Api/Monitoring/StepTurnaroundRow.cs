namespace TrialStartup.Api.Monitoring;

/// <summary>
/// One step of one track (workflow definition) at the caller's institution: how long its completed instances took and
/// how many open ones are past their breach deadline now. Durations are the institution's own holding time over all
/// rounds of the step in one project.
/// </summary>
/// <param name="Track">The workflow definition id the projects run: standard-site-startup, innovative-green-channel, multicenter-lead-site or multicenter-participating-site.</param>
/// <param name="StepId">The step.</param>
/// <param name="DefinitionVersions">The definition versions the counted projects ran.</param>
/// <param name="TargetWorkingDays">The step's turnaround target; <c>null</c> when those versions set different targets (each project is still measured against its own).</param>
/// <param name="Count">Completed instances of the step in the period.</param>
/// <param name="MedianCalendarDays">Median duration in calendar days (24-hour days); <c>null</c> when none completed.</param>
/// <param name="P90CalendarDays">90th percentile in calendar days.</param>
/// <param name="MedianWorkingDays">Median duration in working days of the institution's calendar; <c>null</c> when none completed or not computable (see <paramref name="FiguresNote"/>).</param>
/// <param name="P90WorkingDays">90th percentile in working days.</param>
/// <param name="WithinTarget">How many took no more working days than their target.</param>
/// <param name="ShareWithinTarget"><paramref name="WithinTarget"/> / <paramref name="Count"/>, from 0 to 1.</param>
/// <param name="CurrentBreaches">Open instances of the step whose breach deadline has fired, now (not limited by from/to).</param>
/// <param name="ProvisionalBreaches">How many of <paramref name="CurrentBreaches"/> fired on a provisional deadline: one counted through a year the calendar knows only by its rule (no holiday notice yet).</param>
/// <param name="FiguresNote">Why working-day figures or the share within target are <c>null</c>, such as a date outside the calendar.</param>
public sealed record StepTurnaroundRow(string Track, string StepId, IReadOnlyList<int> DefinitionVersions, int? TargetWorkingDays, int Count,
    double? MedianCalendarDays, double? P90CalendarDays, double? MedianWorkingDays, double? P90WorkingDays, int? WithinTarget,
    double? ShareWithinTarget, int CurrentBreaches, int ProvisionalBreaches, string? FiguresNote)
{
    /// <summary>The CSV columns, in order.</summary>
    internal static IReadOnlyList<string> CsvHeader { get; } =
    [
        "track", "stepId", "definitionVersions", "targetWorkingDays", "count", "medianCalendarDays", "p90CalendarDays", "medianWorkingDays",
        "p90WorkingDays", "withinTarget", "shareWithinTarget", "currentBreaches", "provisionalBreaches", "figuresNote",
    ];

    /// <summary>The row's CSV fields, in <see cref="CsvHeader"/> order.</summary>
    internal IReadOnlyList<object?> CsvFields =>
    [
        Track, StepId, string.Join(' ', DefinitionVersions), TargetWorkingDays, Count, MedianCalendarDays, P90CalendarDays, MedianWorkingDays,
        P90WorkingDays, WithinTarget, ShareWithinTarget, CurrentBreaches, ProvisionalBreaches, FiguresNote,
    ];
}
