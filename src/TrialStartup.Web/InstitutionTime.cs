namespace TrialStartup.Web;

/// <summary>
/// Days and times as the institution's people enter them, in its time zone (not the server's or the browser's): a
/// meeting at 14:00 in Shanghai is 14:00 there wherever the page is served from.
/// </summary>
public static class InstitutionTime
{
    /// <summary>The institution's day of <paramref name="now"/>.</summary>
    public static DateOnly Today(DateTimeOffset now, string? timeZone) => DateOnly.FromDateTime(In(now, timeZone).DateTime);

    /// <summary>
    /// The instant of <paramref name="day"/> at <paramref name="time"/> in <paramref name="timeZone"/>, or null when that
    /// local time does not exist there (skipped by a change to summer time).
    /// </summary>
    public static DateTimeOffset? At(DateOnly day, TimeOnly time, string? timeZone)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        if (timeZone is null || !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone))
        {
            return new DateTimeOffset(local, TimeSpan.Zero);
        }

        if (zone.IsInvalidTime(local))
        {
            return null;
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    private static DateTimeOffset In(DateTimeOffset at, string? timeZone) =>
        timeZone is not null && TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone) ? TimeZoneInfo.ConvertTime(at, zone) : at;
}
