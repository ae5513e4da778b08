namespace TrialStartup.Data.Committees;

using NodaTime;

/// <summary>
/// When a committee meets, as a rule: every <see cref="IntervalWeeks"/> weeks on a weekday (weekly), or on given weeks of
/// each month (monthly: "the second and fourth Wednesday"), at a local time, with a submission cut-off some days before
/// and a capacity of items. The schedule's meetings are made from it, and the what-if replays a year under another one.
/// </summary>
public sealed record MeetingPattern
{
    /// <summary>Every n weeks on <see cref="Weekday"/>, counted from <see cref="StartsOn"/>.</summary>
    public const string Weekly = "weekly";

    /// <summary>On the <see cref="WeeksOfMonth"/> occurrences of <see cref="Weekday"/> in each month.</summary>
    public const string Monthly = "monthly";

    /// <summary><see cref="Weekly"/> or <see cref="Monthly"/>.</summary>
    public required string Frequency { get; init; }

    /// <summary>Weekly: 1 (every week) to 8.</summary>
    public int IntervalWeeks { get; init; } = 1;

    /// <summary>Monthly: which occurrences of the weekday, 1 to 5 (a month without a fifth has no meeting that week).</summary>
    public IReadOnlyList<int> WeeksOfMonth { get; init; } = [];

    public required IsoDayOfWeek Weekday { get; init; }

    /// <summary>The meeting's start, in the institution's time zone.</summary>
    public required LocalTime StartTime { get; init; }

    /// <summary>Days before the meeting day by which an item must be on file: items placed later go to a later meeting.</summary>
    public int CutoffDays { get; init; } = 7;

    /// <summary>How many items one meeting takes.</summary>
    public int Capacity { get; init; } = 10;

    /// <summary>The first day meetings may fall on; weekly intervals count from its week.</summary>
    public required LocalDate StartsOn { get; init; }

    /// <summary>What is wrong with this pattern (field, message), or <c>null</c>.</summary>
    public (string Field, string Message)? Problem() => this switch
    {
        { Frequency: not (Weekly or Monthly) } => ("frequency", "frequency is weekly or monthly"),
        { Frequency: Weekly, IntervalWeeks: < 1 or > 8 } => ("intervalWeeks", "intervalWeeks is 1 to 8"),
        { Frequency: Monthly } when WeeksOfMonth.Count == 0 || WeeksOfMonth.Any(w => w is < 1 or > 5) || WeeksOfMonth.Distinct().Count() != WeeksOfMonth.Count
            => ("weeksOfMonth", "weeksOfMonth names each week 1 to 5 once, at least one"),
        { CutoffDays: < 0 or > 60 } => ("cutoffDays", "cutoffDays is 0 to 60"),
        { Capacity: < 1 or > 100 } => ("capacity", "capacity is 1 to 100"),
        _ => null,
    };

    /// <summary>The meeting days from <paramref name="from"/> to <paramref name="to"/>, inclusive, in order.</summary>
    public IEnumerable<LocalDate> Days(LocalDate from, LocalDate to)
    {
        var first = from < StartsOn ? StartsOn : from;
        if (Frequency == Weekly)
        {
            // The anchor week's weekday, then every IntervalWeeks weeks: the parity of "every second Wednesday" is fixed by StartsOn.
            var anchor = StartsOn.With(DateAdjusters.NextOrSame(Weekday));
            var step = Period.FromWeeks(IntervalWeeks);
            var behind = Period.Between(anchor, first, PeriodUnits.Days).Days;
            var day = behind <= 0 ? anchor : anchor.PlusWeeks((behind + (7 * IntervalWeeks) - 1) / (7 * IntervalWeeks) * IntervalWeeks);
            for (; day <= to; day += step)
            {
                yield return day;
            }

            yield break;
        }

        for (var month = new LocalDate(first.Year, first.Month, 1); month <= to; month = month.PlusMonths(1))
        {
            var firstWeekday = month.With(DateAdjusters.NextOrSame(Weekday));
            foreach (var week in WeeksOfMonth.Order())
            {
                var day = firstWeekday.PlusWeeks(week - 1);
                if (day.Month == month.Month && day >= first && day <= to)
                {
                    yield return day;
                }
            }
        }
    }

    /// <summary>The meetings' starts and cut-offs from <paramref name="from"/> to <paramref name="to"/> in <paramref name="zone"/>.</summary>
    public IEnumerable<(DateTimeOffset StartsAt, DateTimeOffset CutoffAt)> Meetings(LocalDate from, LocalDate to, DateTimeZone zone) =>
        Days(from, to).Select(day => (
            day.At(StartTime).InZoneLeniently(zone).ToInstant().ToDateTimeOffset(),
            // The cut-off is the end of the day CutoffDays before the meeting: what is on file that day makes the agenda.
            day.PlusDays(-CutoffDays).PlusDays(1).AtStartOfDayInZone(zone).ToInstant().ToDateTimeOffset()));
}
