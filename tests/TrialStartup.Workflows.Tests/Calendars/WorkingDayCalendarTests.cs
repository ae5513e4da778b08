using NodaTime;
using TrialStartup.Workflows.Calendars;

namespace TrialStartup.Workflows.Tests.Calendars;

public sealed class WorkingDayCalendarTests
{
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    private static WorkingDayCalendar Calendar => ShippedCalendars.CnMainland;

    // A calendar that names no rule stops at its last listed year, as every calendar did before rules.
    private static WorkingDayCalendar WithoutRule => ShippedCalendars.CnMainlandWithoutRule;

    [Fact]
    public void Load_ShippedCnMainlandFile_HasExpectedIdentityAndCoverage()
    {
        Assert.Equal("cn-mainland", Calendar.Id);
        Assert.Equal(Shanghai, Calendar.TimeZone);
        Assert.Equal(2025, Calendar.FirstYear);
        Assert.Equal(2026, Calendar.LastAnnouncedYear);
        Assert.Same(HolidayRule.ChinaStatutory, Calendar.Rule);
        Assert.Equal(2100, Calendar.LastCoveredYear);
        Assert.Matches("^[0-9a-f]{64}$", Calendar.ContentHash);
        Assert.Null(ShippedCalendars.CnMainlandWithoutRule.Rule);
        Assert.Equal(2026, ShippedCalendars.CnMainlandWithoutRule.LastCoveredYear);
    }

    [Fact]
    public void Deadline_FifteenWorkingDaysOpenedOn14December2026_FallsOnTheRuleAndSkipsNewYearsDay2027()
    {
        // Mon 14 Dec opens the clock (not counted): 15–18 (4), 21–25 (9), 28–31 (13); Fri 1 Jan 2027 is the rule's New
        // Year's Day, then Mon 4 (14) and Tue 5 January (15): due at the start of Wednesday 6 January, Beijing time.
        var deadline = Calendar.Deadline(At(2026, 12, 14, 10, 0), 15);

        Assert.Equal(At(2027, 1, 6, 0, 0), deadline.DueAt);
        Assert.True(deadline.Provisional);
        Assert.Equal(deadline.DueAt, Calendar.AddWorkingDays(At(2026, 12, 14, 10, 0), 15));
    }

    [Fact]
    public void Deadline_WhenTheLastCountedDayIsInTheAnnouncedYear_IsNotProvisional()
    {
        // From Thu 10 Dec 2026 the 15th working day is Thu 31 December: due at the first instant of 2027, every day counted
        // announced. One day later the 15th is Mon 4 January 2027, a day of the rule.
        var lastAnnounced = Calendar.Deadline(At(2026, 12, 10, 9, 0), 15);
        var firstProvisional = Calendar.Deadline(At(2026, 12, 11, 9, 0), 15);

        Assert.Equal((At(2027, 1, 1, 0, 0), false), (lastAnnounced.DueAt, lastAnnounced.Provisional));
        Assert.Equal((At(2027, 1, 5, 0, 0), true), (firstProvisional.DueAt, firstProvisional.Provisional));
        Assert.False(Calendar.Deadline(At(2026, 12, 30, 9, 0), 0).Provisional);
    }

    [Fact]
    public void Describe_SaysWhereEachDayComesFrom()
    {
        Assert.Equal(new CalendarDay(new LocalDate(2026, 2, 14), true, CalendarDayKind.MakeUpWorkingDay, "Spring Festival make-up 春节调休", false),
            Calendar.Describe(new LocalDate(2026, 2, 14)));
        Assert.Equal(new CalendarDay(new LocalDate(2026, 10, 7), false, CalendarDayKind.NoticeHoliday, "National Day 国庆节", false),
            Calendar.Describe(new LocalDate(2026, 10, 7)));
        Assert.Equal(new CalendarDay(new LocalDate(2026, 10, 8), true, CalendarDayKind.Weekday, null, false),
            Calendar.Describe(new LocalDate(2026, 10, 8)));
        Assert.Equal(new CalendarDay(new LocalDate(2026, 10, 11), false, CalendarDayKind.Weekend, null, false),
            Calendar.Describe(new LocalDate(2026, 10, 11)));

        var newYear2027 = Calendar.Describe(new LocalDate(2027, 1, 1));
        Assert.Equal((false, CalendarDayKind.RuleHoliday, true), (newYear2027.IsWorkingDay, newYear2027.Kind, newYear2027.IsProvisional));
        Assert.Contains("元旦", newYear2027.Name, StringComparison.Ordinal);
        Assert.Equal(new CalendarDay(new LocalDate(2027, 1, 4), true, CalendarDayKind.Weekday, null, true),
            Calendar.Describe(new LocalDate(2027, 1, 4)));
    }

    [Fact]
    public void IsWorkingDay_InAYearOnTheRule_NeverHasAMakeUpWorkingDay()
    {
        // Only a notice may move a weekend into the working week, so every Saturday and Sunday of 2027 is off.
        var weekendDays = Enumerable.Range(0, 365).Select(d => new LocalDate(2027, 1, 1).PlusDays(d))
            .Where(d => d.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday).ToList();

        Assert.Equal(104, weekendDays.Count);
        Assert.All(weekendDays, d => Assert.False(Calendar.IsWorkingDay(d)));
    }

    [Fact]
    public void IsWorkingDay_InAYearOnTheRule_IsOffOnEveryDayTheRuleGives()
    {
        var ruleDays = ChinaStatutoryHolidays.Of(2027);

        Assert.NotEmpty(ruleDays);
        Assert.All(ruleDays, h => Assert.False(Calendar.IsWorkingDay(h.Date)));
        Assert.Equal(ruleDays.Count(h => h.Date.DayOfWeek < IsoDayOfWeek.Saturday),
            Enumerable.Range(0, 365).Select(d => new LocalDate(2027, 1, 1).PlusDays(d))
                .Count(d => d.DayOfWeek < IsoDayOfWeek.Saturday && !Calendar.IsWorkingDay(d)));
    }

    [Fact]
    public void IsWorkingDay_AfterTheRulesLastYear_Throws()
    {
        var ex = Assert.Throws<CalendarNotCoveredException>(() => Calendar.IsWorkingDay(new LocalDate(2101, 1, 3)));

        Assert.Equal(2100, ex.LastYear);
    }

    [Theory]
    [InlineData("2026-02-14", true)] // Saturday, Spring Festival make-up working day
    [InlineData("2026-02-16", false)] // Monday inside Spring Festival
    [InlineData("2026-02-23", false)] // Monday, last day of Spring Festival
    [InlineData("2026-02-28", true)] // Saturday, second Spring Festival make-up day
    [InlineData("2025-10-08", false)] // Wednesday, last day of National Day + Mid-Autumn
    [InlineData("2025-10-11", true)] // Saturday, National Day make-up working day
    [InlineData("2025-09-28", true)] // Sunday, National Day make-up working day
    [InlineData("2026-01-04", true)] // Sunday, New Year make-up working day
    [InlineData("2026-03-07", false)] // ordinary Saturday
    [InlineData("2026-03-09", true)] // ordinary Monday
    [InlineData("2026-06-19", false)] // Friday, Dragon Boat Festival
    public void IsWorkingDay_ForKnownDates_MatchesStateCouncilNotices(string date, bool expected)
    {
        Assert.Equal(expected, Calendar.IsWorkingDay(Date(date)));
    }

    [Theory]
    // 2025: 261 weekdays − 18 weekday holidays (1 New Year, 6 Spring Festival, 1 Qingming, 3 Labour Day,
    // 1 Dragon Boat, 6 National Day) + 5 make-up days = 248.
    [InlineData(2025, 248)]
    // 2026: 261 weekdays − 19 weekday holidays (2 New Year, 6 Spring Festival, 1 Qingming, 3 Labour Day,
    // 1 Dragon Boat, 1 Mid-Autumn, 5 National Day) + 6 make-up days = 248.
    [InlineData(2026, 248)]
    public void IsWorkingDay_CountedOverAShippedYear_GivesHandCountedTotal(int year, int expected)
    {
        var count = 0;
        for (var date = new LocalDate(year, 1, 1); date.Year == year; date = date.PlusDays(1))
        {
            count += Calendar.IsWorkingDay(date) ? 1 : 0;
        }

        Assert.Equal(expected, count);
    }

    [Fact]
    public void AddWorkingDays_WhenSpanCrossesSpringFestival_SkipsHolidaysAndCountsMakeUpDays()
    {
        // Start Thu 2026-02-12 10:00; the start day itself never counts.
        // Fri 02-13 = 1, Sat 02-14 (make-up) = 2, 02-15..02-23 off, Tue 02-24 = 3, Wed 02-25 = 4,
        // Thu 02-26 = 5, Fri 02-27 = 6, Sat 02-28 (make-up) = 7 → ends at the end of Sat 02-28.
        var start = At(2026, 2, 12, 10, 0);

        Assert.Equal(At(2026, 2, 27, 0, 0), Calendar.AddWorkingDays(start, 5));
        Assert.Equal(At(2026, 3, 1, 0, 0), Calendar.AddWorkingDays(start, 7));
    }

    [Fact]
    public void AddWorkingDays_WhenSpanCrossesNationalDay2025_SkipsHolidaysAndCountsBothMakeUpDays()
    {
        // Start Fri 2025-09-26 18:00. Sat 09-27 is off, Sun 09-28 (make-up) = 1, Mon 09-29 = 2,
        // Tue 09-30 = 3, 10-01..10-08 off, Thu 10-09 = 4, Fri 10-10 = 5, Sat 10-11 (make-up) = 6
        // → ends at the end of Sat 10-11, i.e. Sun 10-12 00:00 Shanghai.
        var start = At(2025, 9, 26, 18, 0);

        Assert.Equal(At(2025, 10, 12, 0, 0), Calendar.AddWorkingDays(start, 6));
        Assert.Equal(Instant.FromUtc(2025, 10, 11, 16, 0), Calendar.AddWorkingDays(start, 6));
    }

    [Fact]
    public void AddWorkingDays_WhenZero_ReturnsStartUnchanged()
    {
        var start = At(2026, 2, 16, 9, 30);

        Assert.Equal(start, Calendar.AddWorkingDays(start, 0));
    }

    [Fact]
    public void AddWorkingDays_WhenNegative_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.AddWorkingDays(At(2026, 3, 2, 9, 0), -1));
    }

    [Fact]
    public void AddWorkingDays_WhenUtcDateIsStillMonday_CountsFromTheShanghaiDateTuesday()
    {
        // 2026-03-02T17:00Z is Tue 03-03 01:00 in Shanghai, so Tuesday is the (uncounted) start day:
        // Wed 03-04 = 1 → ends at Thu 03-05 00:00 Shanghai. Counting from the UTC date (Monday) would
        // have ended a day earlier.
        var start = Instant.FromUtc(2026, 3, 2, 17, 0);

        Assert.Equal(Instant.FromUtc(2026, 3, 4, 16, 0), Calendar.AddWorkingDays(start, 1));
    }

    [Fact]
    public void WorkingDaysBetween_WhenShanghaiMidnightPassesWithinOneUtcDate_CountsTheNewDay()
    {
        // Mon 23:00 → Tue 01:00 Shanghai, both on 2026-03-02 in UTC.
        var from = Instant.FromUtc(2026, 3, 2, 15, 0);
        var to = Instant.FromUtc(2026, 3, 2, 17, 0);

        Assert.Equal(1, Calendar.WorkingDaysBetween(from, to));
    }

    [Fact]
    public void WorkingDaysBetween_WhenToIsNotAfterFrom_IsZero()
    {
        var instant = At(2026, 3, 3, 9, 0);

        Assert.Equal(0, Calendar.WorkingDaysBetween(instant, instant));
        Assert.Equal(0, Calendar.WorkingDaysBetween(instant, instant - Duration.FromDays(3)));
    }

    [Fact]
    public void WorkingDaysBetween_AcrossSpringFestival_CountsOnlyWorkingDays()
    {
        // (Thu 02-12, Tue 03-03]: 02-13, 02-14 (make-up), 02-24..02-27, 02-28 (make-up), 03-02, 03-03 = 9.
        Assert.Equal(9, Calendar.WorkingDaysBetween(At(2026, 2, 12, 23, 0), At(2026, 3, 3, 8, 0)));
    }

    [Fact]
    public void WorkingDaysBetween_JustBeforeAddWorkingDaysResult_EqualsN_ForManyStartsAndN()
    {
        var times = new[] { new LocalTime(0, 0), new LocalTime(9, 30), new LocalTime(23, 59, 59) };
        var failures = new List<string>();
        for (var date = new LocalDate(2025, 1, 1); date <= new LocalDate(2026, 10, 31); date = date.PlusDays(1))
        {
            foreach (var time in times)
            {
                var start = date.At(time).InZoneStrictly(Shanghai).ToInstant();
                for (var n = 1; n <= 30; n++)
                {
                    var end = Calendar.AddWorkingDays(start, n);
                    var justBefore = end - Duration.Epsilon;
                    var lastDay = justBefore.InZone(Shanghai).Date;
                    if (Calendar.WorkingDaysBetween(start, justBefore) != n
                        || !Calendar.IsWorkingDay(lastDay)
                        || end != Shanghai.AtStartOfDay(lastDay.PlusDays(1)).ToInstant())
                    {
                        failures.Add($"start {start}, n {n}, end {end}");
                    }
                }
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void IsWorkingDay_WhenYearIsNotCovered_ThrowsWithInstructionsToAddTheYear()
    {
        var ex = Assert.Throws<CalendarNotCoveredException>(() => WithoutRule.IsWorkingDay(new LocalDate(2027, 1, 4)));

        Assert.Equal(
            "calendar 'cn-mainland' covers 2025–2026; 2027-01-04 is outside it: add the year's holidays and make-up working days to the calendar file",
            ex.Message);
        Assert.Equal("cn-mainland", ex.CalendarId);
        Assert.Equal(new LocalDate(2027, 1, 4), ex.Date);
        Assert.Throws<CalendarNotCoveredException>(() => WithoutRule.IsWorkingDay(new LocalDate(2024, 12, 31)));
    }

    [Fact]
    public void AddWorkingDays_WhenCountRunsPastLastYear_ThrowsInsteadOfAssumingNoHolidays()
    {
        // Thu 2026-12-31 is covered, but the 1st working day after it would be in 2027.
        var ex = Assert.Throws<CalendarNotCoveredException>(() => WithoutRule.AddWorkingDays(At(2026, 12, 31, 9, 0), 1));

        Assert.Equal(new LocalDate(2027, 1, 1), ex.Date);
    }

    [Fact]
    public void AddWorkingDays_WhenStartIsTheDayBeforeCoverage_CountsFromTheFirstCoveredDay()
    {
        // The start day is never counted, so starting on 2024-12-31 needs no 2024 data.
        // 2025-01-01 off, Thu 01-02 = 1.
        Assert.Equal(At(2025, 1, 3, 0, 0), Calendar.AddWorkingDays(At(2024, 12, 31, 15, 0), 1));
    }

    [Fact]
    public void LastStartFor_FifteenWorkingDays_IsTheTenthOfDecemberOfTheLastYear()
    {
        // 11 Dec (Fri), 14–18, 21–25, 28–31 Dec 2026: fifteen working days, the last of them covered.
        Assert.Equal(new LocalDate(2026, 12, 10), WithoutRule.LastStartFor(15));
        Assert.Equal(new LocalDate(2026, 12, 31), WithoutRule.LastStartFor(0));
    }

    [Fact]
    public void LastStartFor_AnyTarget_IsTheLastDayAddWorkingDaysCanCount()
    {
        foreach (var target in Enumerable.Range(1, 60))
        {
            var last = WithoutRule.LastStartFor(target);
            var start = Shanghai.AtStartOfDay(last).ToInstant();
            WithoutRule.AddWorkingDays(start, target); // does not throw
            Assert.Throws<CalendarNotCoveredException>(() => WithoutRule.AddWorkingDays(start.Plus(Duration.FromDays(1)), target));
        }
    }

    [Fact]
    public void WorkingDaysBetween_WhenSpanReachesAnUncoveredYear_Throws()
    {
        Assert.Throws<CalendarNotCoveredException>(() => WithoutRule.WorkingDaysBetween(At(2026, 12, 30, 9, 0), At(2027, 1, 5, 9, 0)));
    }

    private static LocalDate Date(string iso) => NodaTime.Text.LocalDatePattern.Iso.Parse(iso).Value;

    private static Instant At(int year, int month, int day, int hour, int minute) =>
        new LocalDateTime(year, month, day, hour, minute).InZoneStrictly(Shanghai).ToInstant();
}
