using System.Globalization;
using NodaTime;
using NodaTime.Text;
using TrialStartup.Workflows.Calendars;

namespace TrialStartup.Workflows.Tests.Calendars;

public sealed class ChinaStatutoryHolidaysTests
{
    private const string Substitute = " (substitute day 补假)";

    // The April day of Qingming for 1901–2100, one digit a year, 50 years a line, in Beijing time. Generated once with
    // lunar-javascript 1.7.7 (6tail; 寿星天文历 VSOP87 and ΔT, independent of the code under test):
    // Solar.fromYmd(y, 4, 1).getLunar().getJieQiTable()['清明'].
    private const string QingmingApril1901To2100 =
        "56655665566555655565556555655565556555655565555555" + // 1901–1950
        "55555555555555555555555554555455545554555455545554" + // 1951–2000
        "55545554455445544554455445544554455445544454445444" + // 2001–2050
        "54445444544454445444544444444444444444444444444445";  // 2051–2100

    // Lunar New Year (1st of the 1st month), Dragon Boat (5/5) and Mid-Autumn (8/15), as MM-dd. The list agrees with
    // lunar-javascript and with published calendars. Its leap months fall before the festivals (leap 2nd month 2004,
    // 2023; leap 4th 2001, 2012, 2020), right after the 5th month (2009, 2028), between them (leap 6th 2017, 2025;
    // leap 7th 2006) and after them (leap 9th 2014), which is where reading GetLeapMonth wrong would show.
    private static readonly string[] LunarFestivals2000To2030 =
    [
        "2000 02-05 06-06 09-12",
        "2001 01-24 06-25 10-01",
        "2002 02-12 06-15 09-21",
        "2003 02-01 06-04 09-11",
        "2004 01-22 06-22 09-28",
        "2005 02-09 06-11 09-18",
        "2006 01-29 05-31 10-06",
        "2007 02-18 06-19 09-25",
        "2008 02-07 06-08 09-14",
        "2009 01-26 05-28 10-03",
        "2010 02-14 06-16 09-22",
        "2011 02-03 06-06 09-12",
        "2012 01-23 06-23 09-30",
        "2013 02-10 06-12 09-19",
        "2014 01-31 06-02 09-08",
        "2015 02-19 06-20 09-27",
        "2016 02-08 06-09 09-15",
        "2017 01-28 05-30 10-04",
        "2018 02-16 06-18 09-24",
        "2019 02-05 06-07 09-13",
        "2020 01-25 06-25 10-01",
        "2021 02-12 06-14 09-21",
        "2022 02-01 06-03 09-10",
        "2023 01-22 06-22 09-29",
        "2024 02-10 06-10 09-17",
        "2025 01-29 05-31 10-06",
        "2026 02-17 06-19 09-25",
        "2027 02-06 06-09 09-15",
        "2028 01-26 05-28 10-03",
        "2029 02-13 06-16 09-22",
        "2030 02-03 06-05 09-12",
    ];

    public static TheoryData<int, string> KnownQingming { get; } = new()
    {
        { 2000, "2000-04-04" }, { 2001, "2001-04-05" }, { 2002, "2002-04-05" }, { 2003, "2003-04-05" },
        { 2004, "2004-04-04" }, { 2005, "2005-04-05" }, { 2006, "2006-04-05" }, { 2007, "2007-04-05" },
        { 2008, "2008-04-04" }, { 2009, "2009-04-04" }, { 2010, "2010-04-05" }, { 2011, "2011-04-05" },
        { 2012, "2012-04-04" }, { 2013, "2013-04-04" }, { 2014, "2014-04-05" }, { 2015, "2015-04-05" },
        { 2016, "2016-04-04" }, { 2017, "2017-04-04" }, { 2018, "2018-04-05" }, { 2019, "2019-04-05" },
        { 2020, "2020-04-04" }, { 2021, "2021-04-04" }, { 2022, "2022-04-05" }, { 2023, "2023-04-05" },
        { 2024, "2024-04-04" }, { 2025, "2025-04-04" }, { 2026, "2026-04-05" },
    };

    public static TheoryData<int, string, string, string> KnownLunarFestivals
    {
        get
        {
            var data = new TheoryData<int, string, string, string>();
            foreach (var line in LunarFestivals2000To2030)
            {
                var parts = line.Split(' ');
                var year = parts[0];
                data.Add(int.Parse(year, CultureInfo.InvariantCulture), $"{year}-{parts[1]}", $"{year}-{parts[2]}", $"{year}-{parts[3]}");
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(KnownQingming))]
    public void Qingming_ForYears2000To2026_MatchesPublishedDate(int year, string expected)
    {
        Assert.Equal(Date(expected), ChinaStatutoryHolidays.Qingming(year));
    }

    [Fact]
    public void Qingming_ForEveryYear1901To2100_MatchesLunarJavascriptTable()
    {
        Assert.Equal(200, QingmingApril1901To2100.Length);
        var wrong = new List<string>();
        for (var year = ChinaStatutoryHolidays.FirstYear; year <= ChinaStatutoryHolidays.LastYear; year++)
        {
            var expected = new LocalDate(year, 4, QingmingApril1901To2100[year - 1901] - '0');
            var actual = ChinaStatutoryHolidays.Qingming(year);
            if (actual != expected)
            {
                wrong.Add(FormattableString.Invariant($"{year}: {Iso(actual)}, expected {Iso(expected)}"));
            }
        }

        Assert.Empty(wrong);
    }

    [Theory]
    [MemberData(nameof(KnownLunarFestivals))]
    public void Of_LunarFestivals2000To2030_MatchKnownDates(int year, string lunarNewYear, string dragonBoat, string midAutumn)
    {
        var statutory = ChinaStatutoryHolidays.Of(year).Where(h => !h.IsSubstitute).ToList();
        var newYear = Date(lunarNewYear);

        // Lunar New Year's Eve and the 1st–3rd of the first month.
        Assert.Equal(
            [newYear.PlusDays(-1), newYear, newYear.PlusDays(1), newYear.PlusDays(2)],
            statutory.Where(h => h.Name.Contains("Spring Festival 春节", StringComparison.Ordinal)).Select(h => h.Date));
        Assert.Equal(Date(dragonBoat), Assert.Single(statutory, h => h.Name.Contains("Dragon Boat Festival 端午节", StringComparison.Ordinal)).Date);
        Assert.Equal(Date(midAutumn), Assert.Single(statutory, h => h.Name.Contains("Mid-Autumn Festival 中秋节", StringComparison.Ordinal)).Date);
    }

    [Theory]
    [InlineData(2025)]
    [InlineData(2026)]
    public void Of_YearsWithAPublishedNotice_EveryRuleDayIsOffInTheShippedCalendar(int year)
    {
        // The notices move days around (调休) but never take a statutory day or its substitute away.
        var calendar = WorkingDayCalendarLoader.Load(Path.Combine(RepositoryPaths.Workflows, "calendars", "cn-mainland.yaml"));

        var working = ChinaStatutoryHolidays.Of(year).Where(h => calendar.IsWorkingDay(h.Date)).Select(h => Iso(h.Date));

        Assert.Empty(working);
    }

    [Fact]
    public void Of_2026_GivesSubstitutesForStatutoryDaysOnAWeekend()
    {
        var substitutes = ChinaStatutoryHolidays.Of(2026).Where(h => h.IsSubstitute).ToList();

        Assert.Equal(
            [
                new RuleHoliday(Date("2026-04-06"), "Qingming Festival 清明节" + Substitute, true), // Qingming on Sunday 04-05
                new RuleHoliday(Date("2026-05-04"), "Labour Day 劳动节" + Substitute, true),       // Saturday 05-02
                new RuleHoliday(Date("2026-10-05"), "National Day 国庆节" + Substitute, true),     // Saturday 10-03
            ],
            substitutes);
    }

    [Fact]
    public void Of_2027_GivesHandCheckedDays()
    {
        // 1 January is a Friday. Lunar New Year is Saturday 02-06, so New Year's Eve Fri 02-05 … Mon 02-08, and
        // Saturday and Sunday give Tue 02-09 and Wed 02-10. Qingming Mon 04-05. Labour Day Sat 05-01 and Sun 05-02
        // give Mon 05-03 and Tue 05-04. Dragon Boat Wed 06-09, Mid-Autumn Wed 09-15. National Day Fri 10-01, Sat
        // 10-02, Sun 10-03 give Mon 10-04 and Tue 10-05.
        var expected = new (string Date, string Name, bool IsSubstitute)[]
        {
            ("2027-01-01", "New Year's Day 元旦", false),
            ("2027-02-05", "Spring Festival 春节", false),
            ("2027-02-06", "Spring Festival 春节", false),
            ("2027-02-07", "Spring Festival 春节", false),
            ("2027-02-08", "Spring Festival 春节", false),
            ("2027-02-09", "Spring Festival 春节" + Substitute, true),
            ("2027-02-10", "Spring Festival 春节" + Substitute, true),
            ("2027-04-05", "Qingming Festival 清明节", false),
            ("2027-05-01", "Labour Day 劳动节", false),
            ("2027-05-02", "Labour Day 劳动节", false),
            ("2027-05-03", "Labour Day 劳动节" + Substitute, true),
            ("2027-05-04", "Labour Day 劳动节" + Substitute, true),
            ("2027-06-09", "Dragon Boat Festival 端午节", false),
            ("2027-09-15", "Mid-Autumn Festival 中秋节", false),
            ("2027-10-01", "National Day 国庆节", false),
            ("2027-10-02", "National Day 国庆节", false),
            ("2027-10-03", "National Day 国庆节", false),
            ("2027-10-04", "National Day 国庆节" + Substitute, true),
            ("2027-10-05", "National Day 国庆节" + Substitute, true),
        }.Select(e => new RuleHoliday(Date(e.Date), e.Name, e.IsSubstitute));

        Assert.Equal(expected, ChinaStatutoryHolidays.Of(2027));
    }

    [Fact]
    public void Of_2028MidAutumnOnNationalDay_ListsTheDayOnceAndGivesASubstitute()
    {
        // 10-01 is a Sunday (substitute Wed 10-04, the first weekday after it that is free); Tue 10-03 is both
        // Mid-Autumn and National Day, which owes one more weekday: Thu 10-05.
        var october = ChinaStatutoryHolidays.Of(2028).Where(h => h.Date.Month == 10).ToList();

        Assert.Equal(
            [
                new RuleHoliday(Date("2028-10-01"), "National Day 国庆节", false),
                new RuleHoliday(Date("2028-10-02"), "National Day 国庆节", false),
                new RuleHoliday(Date("2028-10-03"), "Mid-Autumn Festival 中秋节, National Day 国庆节", false),
                new RuleHoliday(Date("2028-10-04"), "National Day 国庆节" + Substitute, true),
                new RuleHoliday(Date("2028-10-05"), "Mid-Autumn Festival 中秋节, National Day 国庆节" + Substitute, true),
            ],
            october);
    }

    [Fact]
    public void Of_EveryYear1901To2100_Gives13WeekdaysOffInDateOrder()
    {
        var wrong = new List<string>();
        for (var year = ChinaStatutoryHolidays.FirstYear; year <= ChinaStatutoryHolidays.LastYear; year++)
        {
            var days = ChinaStatutoryHolidays.Of(year);
            var weekdays = days.Count(h => h.Date.DayOfWeek is not (IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday));
            var ordered = days.Zip(days.Skip(1)).All(p => p.First.Date < p.Second.Date);
            var inYear = days.All(h => h.Date.Year == year);
            var substitutesOnWeekdays = days.Where(h => h.IsSubstitute).All(h => h.Date.DayOfWeek < IsoDayOfWeek.Saturday);
            if (weekdays != 13 || !ordered || !inYear || !substitutesOnWeekdays)
            {
                wrong.Add(FormattableString.Invariant($"{year}: {weekdays} weekdays, ordered {ordered}, in year {inYear}, substitutes on weekdays {substitutesOnWeekdays}"));
            }
        }

        Assert.Empty(wrong);
    }

    [Fact]
    public void FirstYearAndLastYear_WhenComparedWithRuntimeLunarCalendar_AreItsSupportedYears()
    {
        var lunar = new ChineseLunisolarCalendar();

        Assert.Equal(ChinaStatutoryHolidays.FirstYear, lunar.GetYear(lunar.MinSupportedDateTime));
        Assert.Equal(ChinaStatutoryHolidays.LastYear, lunar.GetYear(lunar.MaxSupportedDateTime));
    }

    [Theory]
    [InlineData(1900)]
    [InlineData(2101)]
    [InlineData(0)]
    public void Of_WhenYearIsOutsideSupportedRange_Throws(int year)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ChinaStatutoryHolidays.Of(year));
        Assert.Equal("year", ex.ParamName);
    }

    [Theory]
    [InlineData(1900)]
    [InlineData(2101)]
    public void Qingming_WhenYearIsOutsideSupportedRange_Throws(int year)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ChinaStatutoryHolidays.Qingming(year));
    }

    private static LocalDate Date(string iso) => LocalDatePattern.Iso.Parse(iso).Value;

    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);
}
