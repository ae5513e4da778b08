namespace TrialStartup.Data.Committees;

using NodaTime;
using TrialStartup.Workflows.Calendars;

/// <summary>
/// When a continuing review is due, counted as the inbox counts a step's deadline: the due day is the last day, so the
/// review is late from the start of the next day in the institution's time zone, and the working days left are those of
/// the institution's calendar after today up to the due day (0 on the due day, negative once late). Pure: the instant
/// and the calendar are given.
/// </summary>
/// <param name="DueOn">The due day.</param>
/// <param name="DueAt">The start of the day after it: from then on the review is overdue.</param>
/// <param name="WorkingDaysLeft">Working days left (negative once overdue); <c>null</c> when the calendar does not cover the span.</param>
/// <param name="Provisional">The due day lies in a year the calendar knows only by its rule, so the count may change with the year's notice.</param>
/// <param name="State">Upcoming, due soon or overdue.</param>
public sealed record ContinuingReviewDue(DateOnly DueOn, DateTimeOffset DueAt, int? WorkingDaysLeft, bool Provisional, ContinuingReviewState State)
{
    /// <summary>Where a review due on <paramref name="dueOn"/> stands at <paramref name="now"/>.</summary>
    /// <param name="dueOn">The due day.</param>
    /// <param name="now">Now.</param>
    /// <param name="zone">The institution's time zone.</param>
    /// <param name="calendar">The institution's working-day calendar, if the hosts know it.</param>
    public static ContinuingReviewDue Of(DateOnly dueOn, DateTimeOffset now, DateTimeZone zone, WorkingDayCalendar? calendar)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var dueAt = zone.AtStartOfDay(LocalDate.FromDateOnly(dueOn).PlusDays(1)).ToInstant();
        var at = Instant.FromDateTimeOffset(now);
        var lastMoment = dueAt - Duration.Epsilon;
        int? left = null;
        var provisional = false;
        if (calendar is not null)
        {
            try
            {
                left = at <= lastMoment ? calendar.WorkingDaysBetween(at, lastMoment) : -calendar.WorkingDaysBetween(lastMoment, at);
                provisional = calendar.IsProvisional(LocalDate.FromDateOnly(dueOn));
            }
            catch (CalendarNotCoveredException)
            {
                left = null; // a span beyond the published calendar: judged by calendar days below
            }
        }

        var state = at > lastMoment ? ContinuingReviewState.Overdue
            : (left ?? CalendarDaysLeft(dueOn, at, zone) * 5 / 7) <= ContinuingReviewSchedule.DueSoonWithinWorkingDays ? ContinuingReviewState.DueSoon
            : ContinuingReviewState.Upcoming;
        return new(dueOn, dueAt.ToDateTimeOffset(), left, provisional, state);
    }

    /// <summary>Today in <paramref name="zone"/>.</summary>
    public static DateOnly Today(DateTimeOffset now, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return Instant.FromDateTimeOffset(now).InZone(zone).Date.ToDateOnly();
    }

    // Without a calendar, five working days a week: close enough to warn, never used where the calendar covers the span.
    private static int CalendarDaysLeft(DateOnly dueOn, Instant at, DateTimeZone zone) => dueOn.DayNumber - Today(at.ToDateTimeOffset(), zone).DayNumber;
}
