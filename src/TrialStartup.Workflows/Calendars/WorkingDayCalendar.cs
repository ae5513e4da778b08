using System.Collections.Concurrent;
using System.Collections.Frozen;
using NodaTime;

namespace TrialStartup.Workflows.Calendars;

/// <summary>
/// A working-day calendar loaded from a calendar file: which dates are working days in one time zone, and working-day
/// deadline arithmetic on top of that. The file lists consecutive years from each year's notice (holidays and make-up
/// working days); after the last of them, a calendar that names a <see cref="HolidayRule"/> goes on by the rule, and
/// its days there are provisional until the year's notice is added.
/// </summary>
/// <remarks>
/// Instances are immutable and safe to share between threads. Every operation that needs a date outside
/// <see cref="FirstYear"/>–<see cref="LastCoveredYear"/> throws <see cref="CalendarNotCoveredException"/>.
/// </remarks>
public sealed class WorkingDayCalendar
{
    private readonly FrozenSet<IsoDayOfWeek> weekend;
    private readonly FrozenDictionary<LocalDate, string> holidays;
    private readonly FrozenDictionary<LocalDate, string> makeUpWorkingDays;

    // The rule's days off per year, computed on first use (lunar dates and a solar term are not free, and a calendar
    // is asked about the same few years again and again).
    private readonly ConcurrentDictionary<int, FrozenDictionary<LocalDate, string>> ruleYears = new();

    internal WorkingDayCalendar(
        string id,
        string name,
        DateTimeZone timeZone,
        string contentHash,
        int firstYear,
        int lastAnnouncedYear,
        HolidayRule? rule,
        IEnumerable<IsoDayOfWeek> weekend,
        IEnumerable<KeyValuePair<LocalDate, string>> holidays,
        IEnumerable<KeyValuePair<LocalDate, string>> makeUpWorkingDays)
    {
        Id = id;
        Name = name;
        TimeZone = timeZone;
        ContentHash = contentHash;
        FirstYear = firstYear;
        LastAnnouncedYear = lastAnnouncedYear;
        Rule = rule;
        this.weekend = weekend.ToFrozenSet();
        this.holidays = holidays.ToFrozenDictionary();
        this.makeUpWorkingDays = makeUpWorkingDays.ToFrozenDictionary();
    }

    /// <summary>The calendar's id, e.g. <c>cn-mainland</c>; workflow definitions refer to calendars by it.</summary>
    public string Id { get; }

    /// <summary>A human-readable name for the calendar.</summary>
    public string Name { get; }

    /// <summary>The zone whose local dates the calendar's days are; instants are converted into it.</summary>
    public DateTimeZone TimeZone { get; }

    /// <summary>
    /// Lowercase hex SHA-256 of the calendar file's UTF-8 text with line endings normalised to <c>\n</c>.
    /// Recorded with every deadline, so a deadline computed on an earlier version of the file is found and recomputed.
    /// </summary>
    public string ContentHash { get; }

    /// <summary>The first year the calendar lists holidays and make-up working days for.</summary>
    public int FirstYear { get; }

    /// <summary>The last year the calendar file lists from a notice; later years follow <see cref="Rule"/>, if any.</summary>
    public int LastAnnouncedYear { get; }

    /// <summary>The rule for the years after <see cref="LastAnnouncedYear"/>; null when the calendar stops there.</summary>
    public HolidayRule? Rule { get; }

    /// <summary>The last year the calendar can answer for: the rule's last year, or the last announced one without a rule.</summary>
    public int LastCoveredYear => Rule is { } rule ? Math.Max(rule.LastYear, LastAnnouncedYear) : LastAnnouncedYear;

    /// <summary>
    /// Whether <paramref name="date"/> is a working day: a make-up working day, or a day that is neither a weekend day
    /// nor a holiday (of a notice, or of the rule in the years after the last notice).
    /// </summary>
    /// <param name="date">The local date in <see cref="TimeZone"/>.</param>
    /// <exception cref="CalendarNotCoveredException">The date's year is not covered by the calendar.</exception>
    public bool IsWorkingDay(LocalDate date) => KindOf(Iso(date), out _) is CalendarDayKind.Weekday or CalendarDayKind.MakeUpWorkingDay;

    /// <summary>Whether <paramref name="date"/> lies after the last announced year, where the days follow the rule.</summary>
    /// <param name="date">The local date in <see cref="TimeZone"/>.</param>
    public bool IsProvisional(LocalDate date) => Iso(date).Year > LastAnnouncedYear;

    /// <summary>The day <paramref name="date"/>: whether it is a working day, why, and the name of its holiday if any.</summary>
    /// <param name="date">The local date in <see cref="TimeZone"/>.</param>
    /// <exception cref="CalendarNotCoveredException">The date's year is not covered by the calendar.</exception>
    public CalendarDay Describe(LocalDate date)
    {
        var iso = Iso(date);
        var kind = KindOf(iso, out var name);
        return new CalendarDay(iso, kind is CalendarDayKind.Weekday or CalendarDayKind.MakeUpWorkingDay, kind, name, IsProvisional(iso));
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
    public Instant AddWorkingDays(Instant start, int workingDays) => Deadline(start, workingDays).DueAt;

    /// <summary>
    /// As <see cref="AddWorkingDays"/>, and whether the deadline is provisional: its last working day lies in a year
    /// that only the rule covers (the count is monotonic, so that is the same as the count crossing any such day).
    /// </summary>
    /// <param name="start">When the clock starts.</param>
    /// <param name="workingDays">How many working days are allowed; 0 gives <paramref name="start"/>, never provisional.</param>
    /// <returns>The deadline.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workingDays"/> is negative.</exception>
    /// <exception cref="CalendarNotCoveredException">A date the count passes through is not covered by the calendar.</exception>
    public WorkingDayDeadline Deadline(Instant start, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        if (workingDays == 0)
        {
            return new WorkingDayDeadline(start, Provisional: false);
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

        return new WorkingDayDeadline(TimeZone.AtStartOfDay(date.PlusDays(1)).ToInstant(), IsProvisional(date));
    }

    /// <summary>
    /// The last date a clock can start on and still get a deadline <paramref name="workingDays"/> working days later from
    /// this calendar (<see cref="AddWorkingDays"/>); from the next day on, that deadline needs the year after
    /// <see cref="LastCoveredYear"/>, and is refused until the year is added.
    /// </summary>
    /// <param name="workingDays">The target, in working days.</param>
    /// <returns>The last date such a target can start on.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workingDays"/> is negative.</exception>
    /// <exception cref="CalendarNotCoveredException">The calendar's years hold fewer working days than that.</exception>
    public LocalDate LastStartFor(int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        var start = new LocalDate(LastCoveredYear, 12, 31);
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

    private FrozenDictionary<LocalDate, string> RuleYear(int year) =>
        ruleYears.GetOrAdd(year, static (y, rule) => rule.HolidaysOf(y).ToFrozenDictionary(h => h.Date, h => h.Name), Rule!);

    // Lookups compare calendar systems too, and the file's dates are ISO.
    private static LocalDate Iso(LocalDate date) => date.Calendar == CalendarSystem.Iso ? date : date.WithCalendar(CalendarSystem.Iso);

    // The one place that says what a day is; allocation-free, as deadline arithmetic asks it for every day it counts.
    private CalendarDayKind KindOf(LocalDate iso, out string? name)
    {
        if (iso.Year < FirstYear || iso.Year > LastCoveredYear)
        {
            throw new CalendarNotCoveredException(Id, FirstYear, LastCoveredYear, iso);
        }

        var weekendDay = weekend.Contains(iso.DayOfWeek) ? CalendarDayKind.Weekend : CalendarDayKind.Weekday;
        if (iso.Year > LastAnnouncedYear)
        {
            return RuleYear(iso.Year).TryGetValue(iso, out name) ? CalendarDayKind.RuleHoliday : weekendDay;
        }

        if (makeUpWorkingDays.TryGetValue(iso, out name))
        {
            return CalendarDayKind.MakeUpWorkingDay;
        }

        return holidays.TryGetValue(iso, out name) ? CalendarDayKind.NoticeHoliday : weekendDay;
    }
}
