namespace TrialStartup.Api.Committees;

using Microsoft.EntityFrameworkCore;
using NodaTime;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Contract;
using TrialStartup.Api.Monitoring;
using TrialStartup.Api.Problems;
using TrialStartup.Data;
using TrialStartup.Data.Committees;

/// <summary>
/// What another meeting schedule would have done to the last twelve months of the committee's full-board submissions:
/// both the committee's real meetings and the proposed schedule are replayed on the same submissions with the same
/// placement rule (first meeting whose cut-off and capacity allow; decided at the meeting), so the difference is the
/// schedule's alone. The seeds ask committees to meet more often (增加伦理审查会议频次); this says what it would save.
/// </summary>
public static class WhatIfApi
{
    /// <summary>How far back the replay looks.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(365);

    /// <summary>Maps the endpoint.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost("/ethics-committee/what-if", RunAsync).WithTags("Ethics committee meetings").WithName("ReplayMeetingSchedule")
            .WithSummary("Replays the last 12 months of full-board submissions under another meeting schedule and capacity: median and p90 days to decision, and the days saved")
            .Produces<WhatIfView>().ProducesProblems(StatusCodes.Status400BadRequest);
    }

    internal static async Task<IResult> RunAsync(MeetingScheduleRequest body, Caller? caller, TrialStartupDbContext db, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (CommitteeAccess.ReadProblem(caller) is { } forbidden)
        {
            return forbidden;
        }

        var institution = await CommitteeAccess.InstitutionAsync(db, caller!, cancellationToken);
        var now = clock.GetUtcNow();
        var from = now - Window;
        var zone = institution.Zone();
        var fromDay = Instant.FromDateTimeOffset(from).InZone(zone).Date;
        var (pattern, problem) = MeetingsApi.PatternOf(body with { StartsOn = body.StartsOn ?? fromDay.ToDateOnly() }, fromDay);
        if (pattern is null)
        {
            return ApiProblems.Invalid(problem.Field, problem.Message);
        }

        // A full-board item was submitted to the meetings when it was routed there, or when its expedited reviewers disagreed.
        var items = await db.ReviewItems.AsNoTracking()
            .Where(i => i.InstitutionId == institution.Id && i.Route == ReviewItem.FullBoard)
            .Select(i => new { Submitted = i.SentToMeetingAt ?? i.RoutedAt, i.DecidedAt, i.DecidedAtMeetingId }).ToListAsync(cancellationToken);
        items = [.. items.Where(i => i.Submitted >= from && i.Submitted <= now).OrderBy(i => i.Submitted)];
        var submissions = items.Select(i => i.Submitted).ToList();

        // The committee's real meetings (those not cancelled) and the proposed schedule's, each far enough ahead for the last submission.
        var until = now.AddDays(180);
        var real = await db.Meetings.AsNoTracking()
            .Where(m => m.InstitutionId == institution.Id && m.Status != Meeting.Cancelled && m.StartsAt >= from && m.StartsAt <= until)
            .Select(m => new MeetingReplay.Slot(m.StartsAt, m.CutoffAt, m.Capacity)).ToListAsync(cancellationToken);
        var current = MeetingReplay.Days(submissions, real);
        var proposed = MeetingReplay.Days(submissions, pattern.Meetings(fromDay, Instant.FromDateTimeOffset(until).InZone(zone).Date, zone)
            .Select(m => new MeetingReplay.Slot(m.StartsAt, m.CutoffAt, pattern.Capacity)));
        var actual = items.Where(i => i.DecidedAt is not null && i.DecidedAtMeetingId is not null).Select(i => (i.DecidedAt!.Value - i.Submitted).TotalDays).ToList();

        // Savings over the submissions both replays place: the same items, one schedule against the other.
        var both = current.Zip(proposed).Where(p => p.First is not null && p.Second is not null).Select(p => p.First!.Value - p.Second!.Value).ToList();
        var currentSummary = DaysSummary.Of(current.OfType<double>());
        var proposedSummary = DaysSummary.Of(proposed.OfType<double>());
        return TypedResults.Ok(new WhatIfView(from, now, submissions.Count, DaysSummary.Of(actual), currentSummary, proposedSummary,
            Round(currentSummary.MedianDays - proposedSummary.MedianDays), Round(currentSummary.P90Days - proposedSummary.P90Days),
            Math.Round(both.Sum(), 2), both.Count == 0 ? null : Math.Round(both.Average(), 2),
            current.Count(d => d is null), proposed.Count(d => d is null), MeetingScheduleView.From(pattern, institution.TimeZone)));
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 2) : null;
}

/// <summary>Days from submission to decision over a set of items.</summary>
/// <param name="Count">Items counted.</param>
/// <param name="MedianDays">The median (interpolated, as the monitoring reports); null with no items.</param>
/// <param name="P90Days">The 90th percentile; null with no items.</param>
/// <param name="MeanDays">The mean; null with no items.</param>
public sealed record DaysSummary(int Count, double? MedianDays, double? P90Days, double? MeanDays)
{
    internal static DaysSummary Of(IEnumerable<double> days)
    {
        var all = days.ToList();
        return new(all.Count, Round(Percentiles.Of(all, 0.5)), Round(Percentiles.Of(all, 0.9)), all.Count == 0 ? null : Math.Round(all.Average(), 2));
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 2) : null;
}

/// <summary>The replay of a year of full-board submissions under the committee's real meetings and under a proposed schedule.</summary>
/// <param name="From">The window's start: twelve months back.</param>
/// <param name="To">The window's end: now.</param>
/// <param name="Submissions">Full-board submissions in the window.</param>
/// <param name="Actual">What really happened to those already decided at a meeting.</param>
/// <param name="Current">The replay over the committee's real meetings (not cancelled).</param>
/// <param name="Proposed">The replay over the proposed schedule.</param>
/// <param name="MedianDaysSaved">Current median minus proposed median.</param>
/// <param name="P90DaysSaved">Current p90 minus proposed p90.</param>
/// <param name="TotalDaysSaved">Days saved summed over the submissions both replays place (negative: the proposal is slower).</param>
/// <param name="MeanDaysSaved">Days saved per submission, on average.</param>
/// <param name="UnplacedCurrent">Submissions no real meeting took (no meeting with room after them).</param>
/// <param name="UnplacedProposed">Submissions the proposed schedule could not place within 180 days of now.</param>
/// <param name="Schedule">The proposed schedule, as read.</param>
public sealed record WhatIfView(DateTimeOffset From, DateTimeOffset To, int Submissions, DaysSummary Actual, DaysSummary Current, DaysSummary Proposed,
    double? MedianDaysSaved, double? P90DaysSaved, double TotalDaysSaved, double? MeanDaysSaved, int UnplacedCurrent, int UnplacedProposed,
    MeetingScheduleView Schedule);
