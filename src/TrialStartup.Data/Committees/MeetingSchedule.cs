namespace TrialStartup.Data.Committees;

using NodaTime;

/// <summary>
/// An institution's ethics committee meeting schedule (one per committee): the <see cref="MeetingPattern"/> its regular
/// meetings follow. Meetings are made from it ahead of time (<see cref="MeetingCalendar"/>); added and cancelled ones
/// are meetings of their own. A committee with no schedule and no meetings decides as before: one person, one signature.
/// </summary>
public sealed class MeetingSchedule
{
    private MeetingSchedule()
    {
    }

    public MeetingSchedule(Guid institutionId, MeetingPattern pattern, DateTimeOffset at)
    {
        InstitutionId = institutionId;
        Change(pattern, at);
    }

    public Guid InstitutionId { get; private set; }

    public string Frequency { get; private set; } = MeetingPattern.Weekly;

    public int IntervalWeeks { get; private set; }

    /// <summary>Monthly: the weeks, joined by commas ("2,4").</summary>
    public string WeeksOfMonth { get; private set; } = "";

    /// <summary>ISO weekday, 1 (Monday) to 7.</summary>
    public int Weekday { get; private set; }

    public TimeOnly StartTime { get; private set; }

    public int CutoffDays { get; private set; }

    public int Capacity { get; private set; }

    public DateOnly StartsOn { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>The rule as a value.</summary>
    public MeetingPattern Pattern => new()
    {
        Frequency = Frequency,
        IntervalWeeks = IntervalWeeks,
        WeeksOfMonth = [.. WeeksOfMonth.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)],
        Weekday = (IsoDayOfWeek)Weekday,
        StartTime = LocalTime.FromTimeOnly(StartTime),
        CutoffDays = CutoffDays,
        Capacity = Capacity,
        StartsOn = LocalDate.FromDateOnly(StartsOn),
    };

    /// <summary>Replaces the rule; meetings already made stay as they are.</summary>
    public void Change(MeetingPattern pattern, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (pattern.Problem() is { } problem)
        {
            throw new ArgumentException(problem.Message, problem.Field);
        }

        Frequency = pattern.Frequency;
        IntervalWeeks = pattern.IntervalWeeks;
        WeeksOfMonth = string.Join(",", pattern.WeeksOfMonth.Order());
        Weekday = (int)pattern.Weekday;
        StartTime = pattern.StartTime.ToTimeOnly();
        CutoffDays = pattern.CutoffDays;
        Capacity = pattern.Capacity;
        StartsOn = pattern.StartsOn.ToDateOnly();
        UpdatedAt = at;
    }
}
