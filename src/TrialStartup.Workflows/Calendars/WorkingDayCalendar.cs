using System.Collections.Frozen;
using NodaTime;

namespace TrialStartup.Workflows.Calendars;

/// <summary>
/// A working-day calendar loaded from a calendar file: which dates are working days in one time zone,
/// for a consecutive range of years, and working-day deadline arithmetic on top of that.
/// </summary>
/// <remarks>
/// Instances are immutable and safe to share between threads. Every operation that needs a date
/// outside <see cref="FirstYear"/>–<see cref="LastYear"/> throws <see cref="CalendarNotCoveredException"/>.
/// </remarks>
public sealed class WorkingDayCalendar
{
    private readonly FrozenSet<IsoDayOfWeek> weekend;
    private readonly FrozenSet<LocalDate> holidays;
    private readonly FrozenSet<LocalDate> makeUpWorkingDays;

    internal WorkingDayCalendar(
        string id,
        string name,
        DateTimeZone timeZone,
        string contentHash,
        int firstYear,
        int lastYear,
        IEnumerable<IsoDayOfWeek> weekend,
        IEnumerable<LocalDate> holidays,
        IEnumerable<LocalDate> makeUpWorkingDays)
    {
        Id = id;
        Name = name;
        TimeZone = timeZone;
        ContentHash = contentHash;
        FirstYear = firstYear;
        LastYear = lastYear;
        this.weekend = weekend.ToFrozenSet();
        this.holidays = holidays.ToFrozenSet();
        this.makeUpWorkingDays = makeUpWorkingDays.ToFrozenSet();
    }

    /// <summary>The calendar's id, e.g. <c>cn-mainland</c>; workflow definitions refer to calendars by it.</summary>
    public string Id { get; }

    /// <summary>A human-readable name for the calendar.</summary>
    public string Name { get; }

    /// <summary>The zone whose local dates the calendar's days are; instants are converted into it.</summary>
    public DateTimeZone TimeZone { get; }

    /// <summary>
    /// Lowercase hex SHA-256 of the calendar file's UTF-8 text with line endings normalised to <c>\n</c>.
    /// Recorded with every deadline so that a later edit of the file is detectable.
    /// </summary>
    public string ContentHash { get; }

    /// <summary>The first year the calendar lists holidays and make-up working days for.</summary>
    public int FirstYear { get; }

    /// <summary>The last year the calendar lists holidays and make-up working days for.</summary>
    public int LastYear { get; }

    /// <summary>
    /// Whether <paramref name="date"/> is a working day: a make-up working day, or a day that is neither
    /// a weekend day nor a holiday.
    /// </summary>
    /// <param name="date">The local date in <see cref="TimeZone"/>.</param>
    /// <exception cref="CalendarNotCoveredException">The date's year is not covered by the calendar.</exception>
    public bool IsWorkingDay(LocalDate date)
    {
        // Set membership compares calendar systems too, and the file's dates are ISO.
        var iso = date.Calendar == CalendarSystem.Iso ? date : date.WithCalendar(CalendarSystem.Iso);
        if (iso.Year < FirstYear || iso.Year > LastYear)
        {
            throw new CalendarNotCoveredException(Id, FirstYear, LastYear, iso);
        }

        if (makeUpWorkingDays.Contains(iso))
        {
            return true;
        }

        return !weekend.Contains(iso.DayOfWeek) && !holidays.Contains(iso);
    }

    /// <summary>
    /// The deadline <paramref name="workingDays"/> working days after <paramref name="start"/>: the end of the
    /// n-th working day strictly after the local date of <paramref name="start"/>, i.e. the start of the next
    /// calendar day in <see cref="TimeZone"/>. The day of <paramref name="start"/> never counts, because only
    /// part of it is left.
    /// </summary>
    /// <param name="start">When the clock starts.</param>
    /// <param name="workingDays">How many working days are allowed; 0 returns <paramref name="start"/> unchanged.</param>
    /// <returns>The instant the deadline expires.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workingDays"/> is negative.</exception>
    /// <exception cref="CalendarNotCoveredException">A date the count passes through is not covered by the calendar.</exception>
    public Instant AddWorkingDays(Instant start, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        if (workingDays == 0)
        {
            return start;
        }

        var date = start.InZone(TimeZone).Date;
        var counted = 0;
        while (counted < workingDays)
        {
            date = date.PlusDays(1);
            if (IsWorkingDay(date))
            {
                counted++;
            }
        }

        return TimeZone.AtStartOfDay(date.PlusDays(1)).ToInstant();
    }

    /// <summary>
    /// The last date a clock can start on and still get a deadline <paramref name="workingDays"/> working days later from
    /// this calendar (<see cref="AddWorkingDays"/>); from the next day on, that deadline needs the year after
    /// <see cref="LastYear"/>, and is refused until the year is added.
    /// </summary>
    /// <param name="workingDays">The target, in working days.</param>
    /// <returns>The last date such a target can start on.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workingDays"/> is negative.</exception>
    /// <exception cref="CalendarNotCoveredException">The calendar's years hold fewer working days than that.</exception>
    public LocalDate LastStartFor(int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        var start = new LocalDate(LastYear, 12, 31);
        for (var left = 0; left < workingDays; start = start.PlusDays(-1))
        {
            if (IsWorkingDay(start))
            {
                left++;
            }
        }

        return start;
    }

    /// <summary>
    /// The number of working days d with localDate(<paramref name="from"/>) &lt; d &lt;= localDate(<paramref name="to"/>),
    /// so that <c>WorkingDaysBetween(s, AddWorkingDays(s, n) - 1 tick) == n</c>; 0 when <paramref name="to"/> is not
    /// after <paramref name="from"/>.
    /// </summary>
    /// <param name="from">When the clock started.</param>
    /// <param name="to">The instant to count up to, e.g. now.</param>
    /// <returns>The working days elapsed.</returns>
    /// <exception cref="CalendarNotCoveredException">A date in the span is not covered by the calendar.</exception>
    public int WorkingDaysBetween(Instant from, Instant to)
    {
        if (to <= from)
        {
            return 0;
        }

        var date = from.InZone(TimeZone).Date;
        var last = to.InZone(TimeZone).Date;
        var count = 0;
        while (date < last)
        {
            date = date.PlusDays(1);
            if (IsWorkingDay(date))
            {
                count++;
            }
        }

        return count;
    }
}
