using TrialStartup.Workflows.Calendars;

namespace TrialStartup.Workflows.Tests.Calendars;

/// <summary>The calendar files shipped in <c>workflows/calendars</c>, loaded once per test run.</summary>
internal static class ShippedCalendars
{
    public static string Directory { get; } = Path.Combine(RepositoryPaths.Workflows, "calendars");

    public static string CnMainlandPath { get; } = Path.Combine(Directory, "cn-mainland.yaml");

    public static WorkingDayCalendar CnMainland { get; } = WorkingDayCalendarLoader.Load(CnMainlandPath);

    /// <summary>The shipped file without its statutory rule: a calendar that stops at its last listed year.</summary>
    public static WorkingDayCalendar CnMainlandWithoutRule { get; } = WorkingDayCalendarLoader.Parse(
        "cn-mainland-without-rule.yaml",
        string.Join('\n', File.ReadAllLines(CnMainlandPath).Where(l => !l.StartsWith("beyondListedYears:", StringComparison.Ordinal))));
}
