using TrialStartup.Workflows.Calendars;

namespace TrialStartup.Workflows.Tests.Calendars;

/// <summary>Changed versions of the shipped calendar, as an administrator would edit it.</summary>
internal static class TestCalendars
{
    /// <summary>
    /// A made-up 2027 "notice" for tests (not the real one, which this project must not invent): the rule's New Year's Day,
    /// one extra day off on Monday 4 January and a make-up working day on Saturday 9 January, so a deadline counted
    /// through 4 January moves a day later and one counted past 9 January lands where the rule had it.
    /// </summary>
    public const string Notice2027 = """
          2027:
            holidays:
              - { from: 2027-01-01, to: 2027-01-01, name: "New Year's Day 元旦" }
              - { from: 2027-01-04, to: 2027-01-04, name: "Test extra day off 测试休息日" }
            makeUpWorkingDays:
              - { date: 2027-01-09, name: "Test make-up working day 测试调休上班" }
        """;

    /// <summary>The shipped file with <see cref="Notice2027"/> added under its years.</summary>
    public static CalendarCatalog Announcing2027 { get; } = Catalog(ShippedText().TrimEnd() + "\n" + Notice2027 + "\n");

    /// <summary>The shipped file with one more day off in 2026 (Thursday 31 December), as a corrected notice would.</summary>
    public static CalendarCatalog Correcting2026 { get; } = Catalog(ShippedText().Replace(
        "      - { from: 2026-10-01, to: 2026-10-07, name: \"National Day 国庆节\" }",
        "      - { from: 2026-10-01, to: 2026-10-07, name: \"National Day 国庆节\" }\n      - { from: 2026-12-31, to: 2026-12-31, name: \"Test correction 测试\" }",
        StringComparison.Ordinal));

    private static string ShippedText() => File.ReadAllText(ShippedCalendars.CnMainlandPath);

    private static CalendarCatalog Catalog(string text) => new([WorkingDayCalendarLoader.Parse("cn-mainland.yaml", text)]);
}
