using NodaTime;

namespace TrialStartup.Workflows.Calendars;

/// <summary>A deadline counted in working days.</summary>
/// <param name="DueAt">When it expires: the start of the day after its last working day.</param>
/// <param name="Provisional">
/// Its count reached a year the calendar knows only by its rule (no notice yet), so the day may move when the notice
/// is added to the calendar file.
/// </param>
public readonly record struct WorkingDayDeadline(Instant DueAt, bool Provisional);
