using NodaTime;

namespace TrialStartup.Workflows.Calendars;

/// <summary>
/// A day off that a holiday rule gives in a year no notice has announced yet: a statutory day (also one that falls
/// on a weekend), or the working day given off in its place (补假).
/// </summary>
/// <param name="Date">The day off (ISO calendar).</param>
/// <param name="Name">What the day is, bilingual like the calendar files, e.g. <c>National Day 国庆节</c>.</param>
/// <param name="IsSubstitute">Whether the day is off in place of a statutory day that fell on a weekend or on another statutory day.</param>
public sealed record RuleHoliday(LocalDate Date, string Name, bool IsSubstitute);
