namespace TrialStartup.Api.Anchors;

using TrialStartup.Api.Monitoring;

/// <summary>
/// A distribution of durations in calendar days (24-hour days, not working days). Percentiles interpolate linearly
/// between ranks (<see cref="Percentiles"/>); every figure is <c>null</c> when nothing was measured.
/// </summary>
/// <param name="Count">How many durations.</param>
/// <param name="Median">The median.</param>
/// <param name="P80">The 80th percentile.</param>
/// <param name="P90">The 90th percentile.</param>
/// <param name="Mean">The arithmetic mean (the figure Tufts and most published averages quote).</param>
/// <param name="Max">The longest.</param>
public sealed record CalendarDayDistribution(int Count, double? Median, double? P80, double? P90, double? Mean, double? Max)
{
    /// <summary>The distribution of <paramref name="calendarDays"/>, rounded to hundredths of a day.</summary>
    public static CalendarDayDistribution Of(IReadOnlyCollection<double> calendarDays)
    {
        ArgumentNullException.ThrowIfNull(calendarDays);
        return new(calendarDays.Count, Round(Percentiles.Of(calendarDays, 0.5)), Round(Percentiles.Of(calendarDays, 0.8)),
            Round(Percentiles.Of(calendarDays, 0.9)), calendarDays.Count == 0 ? null : Round(calendarDays.Average()),
            calendarDays.Count == 0 ? null : Round(calendarDays.Max()));
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 2) : null;
}
