namespace TrialStartup.Workflows.Calendars;

/// <summary>Why a day of a <see cref="WorkingDayCalendar"/> is, or is not, a working day.</summary>
public enum CalendarDayKind
{
    /// <summary>A working day because it is not a weekend day and nothing listed it.</summary>
    Weekday,

    /// <summary>Off because it is a weekend day and nothing listed it.</summary>
    Weekend,

    /// <summary>Off: a holiday of a year's notice in the calendar file.</summary>
    NoticeHoliday,

    /// <summary>A weekend day made a working day by a year's notice (调休上班).</summary>
    MakeUpWorkingDay,

    /// <summary>Off by the calendar's rule, in a year whose notice is not in the file yet (provisional).</summary>
    RuleHoliday,
}
