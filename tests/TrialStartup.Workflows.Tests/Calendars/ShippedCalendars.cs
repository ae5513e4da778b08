using TrialStartup.Workflows.Calendars;

namespace TrialStartup.Workflows.Tests.Calendars;

/// <summary>The calendar files shipped in <c>workflows/calendars</c>, loaded once per test run.</summary>
internal static class ShippedCalendars
{
    public static string Directory { get; } = Path.Combine(RepositoryPaths.Workflows, "calendars");

    public static string CnMainlandPath { get; } = Path.Combine(Directory, "cn-mainland.yaml");

    public static WorkingDayCalendar CnMainland { get; } = WorkingDayCalendarLoader.Load(CnMainlandPath);
}
