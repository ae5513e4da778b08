namespace TrialStartup.Workflows.Tests.Cli;

using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime;
using TrialStartup.Workflows.Calendars;

public sealed partial class CalendarCommandTests
{
    private static readonly string CnMainland = Path.Combine(RepositoryPaths.Workflows, "calendars", "cn-mainland.yaml");

    [Fact]
    public void Calendar_WhenNoticeYear_SaysTheYearComesFromTheNotice()
    {
        var run = CliRun.Of("calendar", CnMainland, "--year", "2026");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Empty(run.Stderr);
        var lines = RawLines(run);
        Assert.Equal("calendar cn-mainland: Mainland China (State Council holiday notices); time zone Asia/Shanghai", lines[0]);
        Assert.Equal("2026: from the holiday notice in the file", lines[1]);
        Assert.DoesNotContain("provisional", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("(rule)", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Calendar_WhenNoticeYear_MarksSpringFestivalAsNoticeHolidaysAndItsMakeUpDays()
    {
        var run = CliRun.Of("calendar", CnMainland, "--year", "2026");

        Assert.True(run.ExitCode == 0, run.ToString());

        // 1 February 2026 is a Sunday; the notice gives 15–23 February off and makes 14 and 28 February working days.
        Assert.Equal(
            [
                "2026-02  February   (16 working days)",
                "  Mo  Tu  We  Th  Fr  Sa  Su",
                "                           1-",
                "   2   3   4   5   6   7-  8-",
                "   9  10  11  12  13  14W 15N",
                "  16N 17N 18N 19N 20N 21N 22N",
                "  23N 24  25  26  27  28W",
                "  02-14 Sat  work  Spring Festival make-up 春节调休  (notice)",
                "  02-15 Sun  off   Spring Festival 春节  (notice)",
                "  02-16 Mon  off   Spring Festival 春节  (notice)",
                "  02-17 Tue  off   Spring Festival 春节  (notice)",
                "  02-18 Wed  off   Spring Festival 春节  (notice)",
                "  02-19 Thu  off   Spring Festival 春节  (notice)",
                "  02-20 Fri  off   Spring Festival 春节  (notice)",
                "  02-21 Sat  off   Spring Festival 春节  (notice)",
                "  02-22 Sun  off   Spring Festival 春节  (notice)",
                "  02-23 Mon  off   Spring Festival 春节  (notice)",
                "  02-28 Sat  work  Spring Festival make-up 春节调休  (notice)",
            ],
            Month(run, "2026-02"));
    }

    [Fact]
    public void Calendar_WhenNoticeYear_TotalsTheWorkingDaysCountedByHand()
    {
        // Counted by hand from the notice: 2026 has 365 days, 52 weeks and a Thursday (1 January), so 261 weekdays.
        // The notice's holidays take 19 of them (New Year's Day 2, Spring Festival 6, Qingming 1, Labour Day 3,
        // Dragon Boat 1, Mid-Autumn 1, National Day 5), and its 6 make-up working days all fall on weekends.
        const int expected = 261 - 19 + 6;
        var calendar = WorkingDayCalendarLoader.Load(CnMainland);

        var run = CliRun.Of("calendar", CnMainland, "--year", "2026");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(expected, WorkingDaysInYear(calendar, 2026));
        Assert.Equal($"2026: {expected} working days", run.Lines[^1]);
        Assert.Equal(expected, MonthTotals(run).Sum());
    }

    [Fact]
    public void Calendar_WhenYearAfterLastNotice_SaysItIsProvisionalOnTheRule()
    {
        var run = CliRun.Of("calendar", CnMainland, "--year", "2027");

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = RawLines(run);
        Assert.Equal("2027: provisional — no notice in the file; days off from the rule cn-statutory-2024, no make-up working days", lines[1]);
        Assert.Equal($"  cn-statutory-2024: {HolidayRule.ChinaStatutory.Description}", lines[2]);
        Assert.StartsWith("key: ", lines[3], StringComparison.Ordinal);
        Assert.Contains("\" 1R\" day off by the rule", lines[3], StringComparison.Ordinal);
        Assert.DoesNotContain("W\"", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public void Calendar_WhenYearAfterLastNotice_MarksNewYearsDayAsRuleHolidayAndHasNoNoticeOrMakeUpDays()
    {
        var run = CliRun.Of("calendar", CnMainland, "--year", "2027");

        Assert.True(run.ExitCode == 0, run.ToString());

        // 1 January 2027 is a Friday: 21 weekdays in January, less New Year's Day.
        Assert.Equal(
            [
                "2027-01  January    (20 working days)",
                "  Mo  Tu  We  Th  Fr  Sa  Su",
                "                   1R  2-  3-",
                "   4   5   6   7   8   9- 10-",
                "  11  12  13  14  15  16- 17-",
                "  18  19  20  21  22  23- 24-",
                "  25  26  27  28  29  30- 31-",
                "  01-01 Fri  off   New Year's Day 元旦  (rule)",
            ],
            Month(run, "2027-01"));
        Assert.DoesNotContain("(notice)", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("  work  ", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotMatch(GridCell('N'), run.Stdout);
        Assert.DoesNotMatch(GridCell('W'), run.Stdout);
    }

    [Fact]
    public void Calendar_WhenYearAfterLastNotice_CountsEveryMonthAsTheCalendarDoes()
    {
        var calendar = WorkingDayCalendarLoader.Load(CnMainland);

        var run = CliRun.Of("calendar", CnMainland, "--year", "2027");

        Assert.True(run.ExitCode == 0, run.ToString());
        var expected = Enumerable.Range(1, 12).Select(m => WorkingDaysInMonth(calendar, 2027, m)).ToList();
        Assert.Equal(expected, MonthTotals(run));
        Assert.Equal($"2027: {WorkingDaysInYear(calendar, 2027)} working days (provisional, on the rule cn-statutory-2024)", run.Lines[^1]);
    }

    [Fact]
    public void Calendar_WhenYearGivenWithEquals_PrintsThatYear()
    {
        var run = CliRun.Of("calendar", "--year=2025", CnMainland);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("2025: from the holiday notice in the file", RawLines(run)[1]);
    }

    [Theory]
    [InlineData("2024")]
    [InlineData("2101")]
    public void Calendar_WhenYearOutsideCoverage_ExitsTwoNamingTheYearsCovered(string year)
    {
        var run = CliRun.Of("calendar", CnMainland, "--year", year);

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Contains(
            $"--year {year}: calendar cn-mainland covers 2025–2100 (2025–2026, then provisional on the rule cn-statutory-2024 from 2027)",
            run.Stderr,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Calendar_WhenCalendarHasNoRuleAndYearIsAfterItsNotices_ExitsTwoSayingItCoversOnlyThose()
    {
        using var folder = new TempFolder();
        var file = folder.Write("no-rule.yaml", string.Join('\n',
            File.ReadAllLines(CnMainland).Where(l => !l.StartsWith("beyondListedYears:", StringComparison.Ordinal))));

        var run = CliRun.Of("calendar", file, "--year", "2027");

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Contains("--year 2027: calendar cn-mainland covers 2025–2026 only", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Calendar_WhenYearMissing_ExitsTwoWithUsage()
    {
        var run = CliRun.Of("calendar", CnMainland);

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Contains("calendar needs --year", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("27")]
    [InlineData("next")]
    [InlineData("2027.5")]
    public void Calendar_WhenYearIsNotFourDigits_ExitsTwo(string year)
    {
        var run = CliRun.Of("calendar", CnMainland, "--year", year);

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Contains($"--year must be a four-digit year such as 2027, not '{year}'", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Calendar_WhenYearHasNoValue_ExitsTwo()
    {
        var run = CliRun.Of("calendar", CnMainland, "--year");

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Contains("--year needs a year", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Calendar_WhenOptionUnknown_ExitsTwoNamingIt()
    {
        var run = CliRun.Of("calendar", CnMainland, "--year", "2026", "--month", "2");

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Contains("unknown option '--month'", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Calendar_WhenFileMissing_ExitsTwoNamingIt()
    {
        var missing = Path.Combine(Path.GetTempPath(), "trialstartup-no-calendar-" + Guid.NewGuid().ToString("N") + ".yaml");

        var run = CliRun.Of("calendar", missing, "--year", "2026");

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Contains($"no such file: {missing}", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Calendar_WhenFileIsBroken_PrintsItsProblemsWithFileAndLineOnStderrAndExitsOne()
    {
        using var folder = new TempFolder();
        var file = folder.Write("broken.yaml", "id: broken\nname: Broken\ntimeZone: Mars/Olympus\n");

        var run = CliRun.Of("calendar", file, "--year", "2026");

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Contains($"{file}:3: unknown time zone 'Mars/Olympus'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{file}:1: the calendar is missing 'years'", run.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Stdout's lines untrimmed: the grid's columns are made of leading spaces.</summary>
    private static string[] RawLines(CliRun run) => run.Stdout.TrimEnd('\n').Split('\n');

    /// <summary>The lines of one month, from its heading line up to the blank line after it.</summary>
    private static string[] Month(CliRun run, string yearMonth) =>
        RawLines(run).SkipWhile(l => !l.StartsWith(yearMonth + "  ", StringComparison.Ordinal)).TakeWhile(l => l.Length > 0).ToArray();

    /// <summary>The working days each month heading states, in order.</summary>
    private static List<int> MonthTotals(CliRun run) =>
        RawLines(run).Select(l => MonthHeading().Match(l)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups["days"].Value, CultureInfo.InvariantCulture)).ToList();

    // Counted with the calendar's own day-by-day API, apart from the command's month-by-month printout.
    private static int WorkingDaysInYear(WorkingDayCalendar calendar, int year) =>
        calendar.WorkingDaysBetween(StartOf(calendar, new LocalDate(year, 1, 1)), StartOf(calendar, new LocalDate(year, 12, 31)))
            + (calendar.IsWorkingDay(new LocalDate(year, 1, 1)) ? 1 : 0);

    private static int WorkingDaysInMonth(WorkingDayCalendar calendar, int year, int month) =>
        Enumerable.Range(1, CalendarSystem.Iso.GetDaysInMonth(year, month)).Count(d => calendar.IsWorkingDay(new LocalDate(year, month, d)));

    private static Instant StartOf(WorkingDayCalendar calendar, LocalDate date) => calendar.TimeZone.AtStartOfDay(date).ToInstant();

    private static Regex GridCell(char marker) => new($@"^ .*\d{marker}", RegexOptions.Multiline);

    [GeneratedRegex(@"^\d{4}-\d{2}  \w+ +\((?<days>\d+) working days?\)$")]
    private static partial Regex MonthHeading();
}
