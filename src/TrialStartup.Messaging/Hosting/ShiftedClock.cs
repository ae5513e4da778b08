namespace TrialStartup.Messaging.Hosting;

/// <summary>
/// The system clock moved by a fixed <paramref name="shift"/> (<c>TrialStartup:ClockShift</c>): it runs in real time,
/// but on another date. Deadlines are computed in working days of calendars that cover only the years whose holidays
/// are announced, so a rehearsal on a chosen date, or a test that must not depend on the day it runs, moves the clock
/// into a covered year. Every host of one installation must use the same shift, so they agree on what is due.
/// </summary>
public sealed class ShiftedClock(TimeSpan shift) : TimeProvider
{
    /// <summary>The shift that puts the real clock, now, at <paramref name="start"/>.</summary>
    public static TimeSpan To(DateTimeOffset start) => start - System.GetUtcNow();

    /// <summary>How far this clock runs from the real one.</summary>
    public TimeSpan Shift => shift;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
}
