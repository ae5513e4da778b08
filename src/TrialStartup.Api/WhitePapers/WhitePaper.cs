namespace TrialStartup.Api.WhitePapers;

using TrialStartup.Api.Anchors;
using TrialStartup.Api.Authorities;
using TrialStartup.Workflows.Forecasting;

/// <summary>
/// The annual white paper on clinical trial start-up (临床试验启动年度白皮书) of one institution, or of a regional
/// authority's region: the year's figures against the published anchors, their distribution, step turnaround against
/// targets, who held the work, quarterly trends, the green channel and mutual recognition, and how well the forecasts
/// held. Aggregates only: no project, trial, document, reason or person is named, and sponsors appear as a count. The
/// same data gives the same paper: <see cref="DataState"/> says which data it was.
/// </summary>
/// <param name="Scope"><c>institution</c> (an institution's own) or <c>region</c> (an authority's covered institutions, pooled).</param>
/// <param name="Code">The institution's or the authority's code.</param>
/// <param name="Name">Its name in Chinese.</param>
/// <param name="EnglishName">Its name in English.</param>
/// <param name="Region">The region an authority oversees, in words; <c>null</c> for an institution.</param>
/// <param name="Year">The calendar year, by each institution's own time zone.</param>
/// <param name="DataState">The state of the data the paper was made from.</param>
/// <param name="Anchors">The anchors measured against.</param>
/// <param name="Figures">The year's figures (pooled over the region's institutions).</param>
/// <param name="Institutions">Each institution's figures for the year, by code.</param>
/// <param name="StartupDistribution">Sites activated in the year by start-up time, in 30-day bins.</param>
/// <param name="Quarters">The four quarters' figures, for the trends.</param>
/// <param name="StepShares">Per step, over every track and institution: completed steps and the share within their target.</param>
/// <param name="StepTurnaround">Each institution's turnaround per step and track in the year, as its monitoring reads it.</param>
/// <param name="Backtest">How often the forecasts held for the sites activated in the year.</param>
public sealed record WhitePaper(string Scope, string Code, string Name, string EnglishName, string? Region, int Year, WhitePaperDataState DataState,
    IReadOnlyList<StartupAnchor> Anchors, AnchorFigures Figures, IReadOnlyList<InstitutionAnchorFigures> Institutions,
    IReadOnlyList<StartupBin> StartupDistribution, IReadOnlyList<WhitePaperQuarter> Quarters, IReadOnlyList<StepShare> StepShares,
    IReadOnlyList<InstitutionStepTurnaround> StepTurnaround, WhitePaperBacktest Backtest)
{
    /// <summary>The scope of an institution's own paper.</summary>
    public const string InstitutionScope = "institution";

    /// <summary>The scope of an authority's paper over its region.</summary>
    public const string RegionScope = "region";
}

/// <summary>
/// Which data a white paper was made from: the same state gives the same paper, and a paper whose state differs from
/// the database's now was made from older data.
/// </summary>
/// <param name="LatestEventAt">When the latest event of the scope's site projects was recorded (any year); <c>null</c> when there is none.</param>
/// <param name="Events">Events recorded for the scope's site projects, any year.</param>
/// <param name="SiteProjects">Site projects of the scope's institutions, any year, submitted or not.</param>
/// <param name="ClosedStretches">Closed stretches of their steps (the monitoring's read model), any year.</param>
/// <param name="Institutions">Institutions in the scope.</param>
public sealed record WhitePaperDataState(DateTimeOffset? LatestEventAt, long Events, int SiteProjects, int ClosedStretches, int Institutions);

/// <summary>A bin of the start-up time distribution: sites activated in the year that took from <paramref name="FromCalendarDays"/> up to <paramref name="ToCalendarDays"/>.</summary>
/// <param name="FromCalendarDays">The bin's start, calendar days, included.</param>
/// <param name="ToCalendarDays">The bin's end, excluded; <c>null</c> for the last bin (that many days or more).</param>
/// <param name="Sites">Sites activated in the year whose start-up took that long.</param>
public sealed record StartupBin(int FromCalendarDays, int? ToCalendarDays, int Sites)
{
    /// <summary>The width of a bin, in calendar days.</summary>
    public const int Width = 30;

    /// <summary>Where the last, open bin starts.</summary>
    public const int Last = 360;

    /// <summary>Every bin, in order, counting <paramref name="calendarDays"/>.</summary>
    public static IReadOnlyList<StartupBin> Of(IReadOnlyCollection<double> calendarDays)
    {
        ArgumentNullException.ThrowIfNull(calendarDays);
        return [.. Enumerable.Range(0, (Last / Width) + 1).Select(i =>
        {
            var from = i * Width;
            int? to = from == Last ? null : from + Width;
            return new StartupBin(from, to, calendarDays.Count(d => d >= from && (to is null || d < to)));
        })];
    }
}

/// <summary>A quarter of the year, with its figures.</summary>
/// <param name="Quarter">1 to 4.</param>
/// <param name="From">Its first day.</param>
/// <param name="To">Its last day.</param>
/// <param name="Figures">The figures of what happened in it (pooled over the region's institutions).</param>
public sealed record WhitePaperQuarter(int Quarter, DateOnly From, DateOnly To, AnchorFigures Figures);

/// <summary>One step over every track and institution of the scope: how many completed in the year and how many within their target.</summary>
/// <param name="StepId">The step.</param>
/// <param name="Completed">Completed in the year.</param>
/// <param name="Measured">Of them, those whose working days and target are known (a year outside the calendar, or an unknown definition, leaves one unmeasured).</param>
/// <param name="WithinTarget">Of those measured, within their target.</param>
/// <param name="ShareWithinTarget"><paramref name="WithinTarget"/> / <paramref name="Measured"/>; <c>null</c> when none was measured.</param>
public sealed record StepShare(string StepId, int Completed, int Measured, int WithinTarget, double? ShareWithinTarget);

/// <summary>
/// The forecast backtest over the sites activated in the year, as counts and shares only (no project is named). A year
/// with more than <see cref="MaxSites"/> of them is backtested on every k-th by activation date, so a region's paper
/// takes seconds, not minutes: 200 sites put a share such as the p80 coverage within about ±0.03 (one standard error).
/// </summary>
/// <param name="Activated">Sites activated in the year with a recorded path to forecast again.</param>
/// <param name="Every">The step of the sample: 1 when every site was backtested, k when every k-th was.</param>
/// <param name="Runs">Simulated runs per forecast.</param>
/// <param name="Basis">How the backtest is made, in words.</param>
/// <param name="Points">Per past point (<c>submission</c>, <c>halfway</c>): how often the p80 held, and the p50's median absolute error.</param>
public sealed record WhitePaperBacktest(int Activated, int Every, int Runs, string Basis, IReadOnlyList<BacktestSummary> Points)
{
    /// <summary>The most sites a paper backtests (<see cref="Forecasts.BacktestSample"/>).</summary>
    public const int MaxSites = 200;
}
