using System.Security.Cryptography;
using System.Text;
using NodaTime;
using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;

namespace TrialStartup.Workflows.Tests.Calendars;

public sealed class WorkingDayCalendarLoaderTests
{
    private const string FileName = "test.yaml";

    // Each element is one line, so a test states the line it expects a problem on by index + 1.
    private static readonly string[] ValidLines =
    [
        "id: test-cal",                                                       // 1
        "name: Test calendar",                                                // 2
        "timeZone: Asia/Shanghai",                                            // 3
        "weekend: [saturday, sunday]",                                        // 4
        "years:",                                                             // 5
        "  2026:",                                                            // 6
        "    holidays:",                                                      // 7
        "      - { from: 2026-10-01, to: 2026-10-07, name: National Day }",   // 8
        "    makeUpWorkingDays:",                                             // 9
        "      - { date: 2026-10-10, name: National Day make-up }",           // 10
    ];

    [Fact]
    public void LoadDirectory_ShippedCalendars_LoadWithoutProblems()
    {
        var calendars = WorkingDayCalendarLoader.LoadDirectory(ShippedCalendars.Directory);

        Assert.Contains(calendars, c => c.Id == "cn-mainland");
    }

    [Fact]
    public void Load_ShippedCnMainland_ContentHashIsSha256OfFileWithLfLineEndings()
    {
        var text = File.ReadAllText(ShippedCalendars.CnMainlandPath).Replace("\r\n", "\n", StringComparison.Ordinal);
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

        Assert.Equal(expected, ShippedCalendars.CnMainland.ContentHash);
    }

    [Fact]
    public void Parse_ValidFile_ReadsEveryField()
    {
        var calendar = WorkingDayCalendarLoader.Parse(FileName, Text(ValidLines));

        Assert.Equal("test-cal", calendar.Id);
        Assert.Equal("Test calendar", calendar.Name);
        Assert.Equal("Asia/Shanghai", calendar.TimeZone.Id);
        Assert.Equal(2026, calendar.FirstYear);
        Assert.Equal(2026, calendar.LastAnnouncedYear);
        Assert.Null(calendar.Rule);
        Assert.False(calendar.IsWorkingDay(new LocalDate(2026, 10, 5)));
        Assert.True(calendar.IsWorkingDay(new LocalDate(2026, 10, 10)));
        Assert.True(calendar.IsWorkingDay(new LocalDate(2026, 10, 9)));
        Assert.False(calendar.IsWorkingDay(new LocalDate(2026, 10, 11)));
    }

    [Fact]
    public void Parse_WhenOnlyLineEndingsDiffer_GivesTheSameContentHash()
    {
        var lf = WorkingDayCalendarLoader.Parse(FileName, string.Join("\n", ValidLines));
        var crlf = WorkingDayCalendarLoader.Parse(FileName, string.Join("\r\n", ValidLines));

        Assert.Equal(lf.ContentHash, crlf.ContentHash);
    }

    [Fact]
    public void Parse_WhenAHolidayNameIsEdited_ChangesTheContentHash()
    {
        var original = WorkingDayCalendarLoader.Parse(FileName, Text(ValidLines));
        var edited = WorkingDayCalendarLoader.Parse(FileName, Text(Replace(8, "      - { from: 2026-10-01, to: 2026-10-07, name: National Day! }")));

        Assert.NotEqual(original.ContentHash, edited.ContentHash);
    }

    [Fact]
    public void Parse_WhenYamlIsMalformed_ReportsSyntaxErrorWithItsLine()
    {
        var problem = Assert.Single(Problems(Replace(8, "      - { from: 2026-10-01, to: 2026-10-07, name: [National Day }")));

        Assert.Equal(8, problem.Line);
        Assert.Contains("YAML syntax error", problem.Message, StringComparison.Ordinal);
        Assert.Equal(FileName, problem.File);
        Assert.Null(problem.StepId);
    }

    [Fact]
    public void Parse_WhenFlowSequenceIsUnclosed_ReportsSyntaxErrorNearItsLine()
    {
        // YamlDotNet reports this one as a YamlException with a position, unlike "[a }" above.
        var problem = Assert.Single(Problems(Replace(4, "weekend: [saturday, sunday")));

        Assert.InRange(problem.Line, 4, 5);
        Assert.Contains("YAML syntax error", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenFileIsEmpty_ReportsFileLevelProblem()
    {
        var problem = Assert.Single(Problems(["# nothing here"]));

        Assert.Equal(0, problem.Line);
        Assert.Contains("empty", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, "nmae: Test calendar", "unknown key 'nmae'")]
    [InlineData(7, "    holiday:", "unknown key 'holiday' in year 2026")]
    [InlineData(8, "      - { from: 2026-10-01, until: 2026-10-07, name: National Day }", "unknown key 'until' in a holiday")]
    [InlineData(10, "      - { date: 2026-10-10, name: make-up, note: x }", "unknown key 'note' in a make-up working day")]
    public void Parse_WhenKeyIsUnknown_ReportsItOnItsLine(int line, string replacement, string expected)
    {
        var problems = Problems(Replace(line, replacement));

        var problem = Assert.Single(problems, p => p.Message.Contains(expected, StringComparison.Ordinal));
        Assert.Equal(line, problem.Line);
    }

    [Theory]
    [InlineData(1, "id", 2)] // with line 1 commented out, the calendar's mapping starts on line 2
    [InlineData(3, "timeZone", 1)]
    [InlineData(5, "years", 1)]
    public void Parse_WhenRequiredTopLevelKeyIsMissing_ReportsItWhereTheCalendarStarts(int line, string key, int expectedLine)
    {
        var lines = ValidLines.ToList();
        lines[line - 1] = "# removed";
        if (key == "years")
        {
            lines.RemoveRange(5, lines.Count - 5);
        }

        var problem = Assert.Single(Problems([.. lines]));

        Assert.Equal(expectedLine, problem.Line);
        Assert.Contains($"missing '{key}'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenTimeZoneIsUnknown_ReportsItsLine()
    {
        var problem = Assert.Single(Problems(Replace(3, "timeZone: Asia/Peking")));

        Assert.Equal(3, problem.Line);
        Assert.Contains("unknown time zone 'Asia/Peking'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenBeyondListedYearsNamesAKnownRule_GoesOnByItAfterTheLastYear()
    {
        var lines = ValidLines.ToList();
        lines.Insert(4, "beyondListedYears: cn-statutory-2024");

        var calendar = WorkingDayCalendarLoader.Parse(FileName, Text([.. lines]));

        Assert.Same(HolidayRule.ChinaStatutory, calendar.Rule);
        Assert.Equal(2026, calendar.LastAnnouncedYear);
        Assert.False(calendar.IsWorkingDay(new LocalDate(2027, 10, 1))); // National Day by the rule
        Assert.True(calendar.IsWorkingDay(new LocalDate(2027, 10, 8)));
        Assert.True(calendar.IsProvisional(new LocalDate(2027, 10, 8)));
        Assert.False(calendar.IsProvisional(new LocalDate(2026, 12, 31)));
    }

    [Fact]
    public void Parse_WhenBeyondListedYearsNamesAnUnknownRule_ReportsItsLineAndTheKnownRules()
    {
        var lines = ValidLines.ToList();
        lines.Insert(4, "beyondListedYears: cn-statutory-2099");

        var problem = Assert.Single(Problems([.. lines]));

        Assert.Equal(5, problem.Line);
        Assert.Contains("'cn-statutory-2099', which is not a known holiday rule; known rules: cn-statutory-2024", problem.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenDateDoesNotParse_ReportsItsLine()
    {
        var problem = Assert.Single(Problems(Replace(10, "      - { date: 2026-10-1O, name: National Day make-up }")));

        Assert.Equal(10, problem.Line);
        Assert.Contains("'2026-10-1O'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenDateIsNotInTheYearItIsListedUnder_ReportsItsLine()
    {
        var problem = Assert.Single(Problems(Replace(8, "      - { from: 2025-10-01, to: 2026-10-07, name: National Day }")));

        Assert.Equal(8, problem.Line);
        Assert.Contains("not in 2026", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenHolidayFromIsAfterTo_ReportsItsLine()
    {
        var problem = Assert.Single(Problems(Replace(8, "      - { from: 2026-10-07, to: 2026-10-01, name: National Day }")));

        Assert.Equal(8, problem.Line);
        Assert.Contains("after", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenMakeUpWorkingDayIsAWeekday_ReportsItsLine()
    {
        // 2026-10-12 is a Monday: it is a working day anyway, so listing it is a mistake.
        var problem = Assert.Single(Problems(Replace(10, "      - { date: 2026-10-12, name: National Day make-up }")));

        Assert.Equal(10, problem.Line);
        Assert.Contains("not a weekend day", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenDateIsBothHolidayAndMakeUpDay_ReportsTheSecondListing()
    {
        // 2026-10-03 is a Saturday inside the National Day block on line 8.
        var problem = Assert.Single(Problems(Replace(10, "      - { date: 2026-10-03, name: National Day make-up }")));

        Assert.Equal(10, problem.Line);
        Assert.Contains("both as a holiday (line 8) and as a make-up working day", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenHolidayRangesOverlap_ReportsEachDuplicatedDate()
    {
        var lines = ValidLines.ToList();
        lines.Insert(8, "      - { from: 2026-10-07, to: 2026-10-08, name: Overlap }");

        var problem = Assert.Single(Problems([.. lines]));

        Assert.Equal(9, problem.Line);
        Assert.Contains("2026-10-07 is listed twice: already a holiday on line 8", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenMakeUpDayIsListedTwice_ReportsTheDuplicate()
    {
        var lines = ValidLines.ToList();
        lines.Add("      - { date: 2026-10-10, name: again }");

        var problem = Assert.Single(Problems([.. lines]));

        Assert.Equal(11, problem.Line);
        Assert.Contains("listed twice", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenYearsSkipAYear_ReportsTheGap()
    {
        var lines = ValidLines.ToList();
        lines.AddRange(
        [
            "  2028:",                                                            // 11
            "    holidays: []",
            "    makeUpWorkingDays: []",
        ]);

        var problem = Assert.Single(Problems([.. lines]));

        Assert.Equal(11, problem.Line);
        Assert.Contains("2027 is missing", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenYearHasNoMakeUpWorkingDaysKey_ReportsItInsteadOfAssumingNone()
    {
        var lines = ValidLines[..8];

        var problem = Assert.Single(Problems(lines));

        Assert.Equal(7, problem.Line);
        Assert.Contains("year 2026 is missing 'makeUpWorkingDays'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenFileHasSeveralProblems_ReportsAllInLineOrder()
    {
        var lines = ValidLines.ToArray();
        lines[2] = "timeZone: Mars/Olympus";                                                  // 3
        lines[3] = "weekend: [saturday, sundae]";                                             // 4
        lines[7] = "      - { from: 2026-10-07, to: 2026-10-01, name: National Day, x: 1 }"; // 8: two problems
        lines[9] = "      - { date: 2026-13-10, name: National Day make-up }";               // 10

        var problems = Problems(lines);

        Assert.Equal([3, 4, 8, 8, 10], problems.Select(p => p.Line));
        Assert.All(problems, p => Assert.Equal(FileName, p.File));
    }

    [Fact]
    public void Parse_WhenThrowing_MessageListsEveryProblemAsFileAndLine()
    {
        var ex = Assert.Throws<DefinitionLoadException>(() =>
            WorkingDayCalendarLoader.Parse(FileName, Text(Replace(3, "timeZone: Nowhere/City"))));

        Assert.StartsWith("test.yaml:3: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_WhenSeveralFilesHaveProblems_ReportsProblemsOfAllFiles()
    {
        using var dir = new TempFolder();
        dir.Write("a.yaml", Text(Replace(3, "timeZone: Nowhere/City")));
        dir.Write("b.yml", Text(Replace(10, "      - { date: 2026-10-12, name: weekday }")));
        dir.Write("ignored.txt", "not: [yaml");

        var ex = Assert.Throws<DefinitionLoadException>(() => WorkingDayCalendarLoader.LoadDirectory(dir.Path));

        Assert.Equal(
            [("a.yaml", 3), ("b.yml", 10)],
            ex.Problems.Select(p => (Path.GetFileName(p.File), p.Line)));
    }

    [Fact]
    public void LoadDirectory_WhenTwoFilesShareAnId_ReportsTheSecondAtItsIdLine()
    {
        using var dir = new TempFolder();
        dir.Write("a.yaml", Text(ValidLines));
        dir.Write("b.yaml", Text(["# same id as a.yaml", .. ValidLines]));

        var problem = Assert.Single(Assert.Throws<DefinitionLoadException>(() => WorkingDayCalendarLoader.LoadDirectory(dir.Path)).Problems);

        Assert.Equal("b.yaml", Path.GetFileName(problem.File));
        Assert.Equal(2, problem.Line);
        Assert.Contains("already defined", problem.Message, StringComparison.Ordinal);
    }

    private static List<DefinitionProblem> Problems(string[] lines) =>
        [.. Assert.Throws<DefinitionLoadException>(() => WorkingDayCalendarLoader.Parse(FileName, Text(lines))).Problems];

    private static string[] Replace(int line, string text)
    {
        var lines = ValidLines.ToArray();
        lines[line - 1] = text;
        return lines;
    }

    private static string Text(string[] lines) => string.Join("\n", lines) + "\n";
}
