namespace TrialStartup.Api.Anchors;

/// <summary>How many of the measured projects met one anchor.</summary>
/// <param name="Anchor">The anchor's id (<see cref="StartupAnchor.Id"/>).</param>
/// <param name="LimitCalendarDays">Its limit in calendar days.</param>
/// <param name="Within">Projects that took no more calendar days than the limit.</param>
/// <param name="Share"><paramref name="Within"/> / the projects measured, from 0 to 1; <c>null</c> when none was measured.</param>
public sealed record AnchorShare(string Anchor, int LimitCalendarDays, int Within, double? Share)
{
    /// <summary>The share of <paramref name="calendarDays"/> within <paramref name="anchor"/>.</summary>
    public static AnchorShare Of(StartupAnchor anchor, IReadOnlyCollection<double> calendarDays)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        ArgumentNullException.ThrowIfNull(calendarDays);
        var within = calendarDays.Count(d => d <= anchor.LimitCalendarDays);
        return new AnchorShare(anchor.Id, anchor.LimitCalendarDays, within, calendarDays.Count == 0 ? null : Math.Round((double)within / calendarDays.Count, 4));
    }
}
