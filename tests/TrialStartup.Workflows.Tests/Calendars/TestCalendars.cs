using TrialStartup.Workflows.Calendars;

namespace TrialStartup.Workflows.Tests.Calendars;

/// <summary>Changed versions of the shipped calendar, as an administrator would edit it.</summary>
internal static class TestCalendars
{
    /// <summary>
    /// A made-up 2027 "notice" (tests/fixtures; not the real one, which this project must not invent): 4 January off,
    /// Saturday 9 January worked. The API tests append the same file.
    /// </summary>
    public static string Notice2027 { get; } = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "fixtures", "cn-mainland-2027-test-notice.yaml"));

    /// <summary>The shipped file with <see cref="Notice2027"/> added under its years.</summary>
    public static CalendarCatalog Announcing2027 { get; } = Catalog(ShippedText().TrimEnd() + "\n" + Notice2027);

    /// <summary>The shipped file with one more day off in 2026 (Thursday 31 December), as a corrected notice would.</summary>
    public static CalendarCatalog Correcting2026 { get; } = Catalog(ShippedText().Replace(
        "      - { from: 2026-10-01, to: 2026-10-07, name: \"National Day 国庆节\" }",
        "      - { from: 2026-10-01, to: 2026-10-07, name: \"National Day 国庆节\" }\n      - { from: 2026-12-31, to: 2026-12-31, name: \"Test correction 测试\" }",
        StringComparison.Ordinal));

    private static string ShippedText() => File.ReadAllText(ShippedCalendars.CnMainlandPath);

    private static CalendarCatalog Catalog(string text) => new([WorkingDayCalendarLoader.Parse("cn-mainland.yaml", text)]);
}
