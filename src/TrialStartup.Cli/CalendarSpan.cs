namespace TrialStartup.Cli;

using TrialStartup.Workflows.Calendars;

/// <summary>How <c>validate</c> and <c>calendar</c> name the years a calendar answers for, so both say it alike.</summary>
internal static class CalendarSpan
{
    /// <summary>
    /// The years a calendar answers for, saying where the notices end and the rule takes over: deadlines in the
    /// rule's years are provisional, and an administrator should see that before relying on them. "only" marks a
    /// calendar without a rule, whose deadlines past its last notice are refused.
    /// </summary>
    public static string Of(WorkingDayCalendar calendar)
    {
        var announced = Years(calendar.FirstYear, calendar.LastAnnouncedYear);
        return calendar.Rule is { } rule && calendar.LastCoveredYear > calendar.LastAnnouncedYear
            ? $"{announced}, then provisional on the rule {rule.Id} from {calendar.LastAnnouncedYear + 1}"
            : $"{announced} only";
    }

    /// <summary>A span of years, or the one year when it is a single one.</summary>
    public static string Years(int first, int last) => first == last ? $"{first}" : $"{first}–{last}";
}
