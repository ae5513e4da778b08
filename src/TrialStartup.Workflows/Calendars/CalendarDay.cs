using NodaTime;

namespace TrialStartup.Workflows.Calendars;

/// <summary>One day of a <see cref="WorkingDayCalendar"/>, with why it is or is not a working day.</summary>
/// <param name="Date">The local date.</param>
/// <param name="IsWorkingDay">Whether deadlines count it.</param>
/// <param name="Kind">Where that comes from.</param>
/// <param name="Name">The holiday's or make-up day's name, from the notice or the rule; null for plain days.</param>
/// <param name="IsProvisional">The day's year has no notice in the file yet, so the day follows the rule.</param>
public sealed record CalendarDay(LocalDate Date, bool IsWorkingDay, CalendarDayKind Kind, string? Name, bool IsProvisional);
