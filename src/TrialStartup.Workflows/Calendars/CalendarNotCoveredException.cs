using System.Globalization;
using NodaTime;

namespace TrialStartup.Workflows.Calendars;

/// <summary>
/// Thrown when a working-day computation needs a date in a year the calendar file does not list.
/// Treating such a year as holiday-free would shorten deadlines without anyone noticing, so the
/// computation stops until the year's holidays and make-up working days are added to the file.
/// </summary>
public sealed class CalendarNotCoveredException : Exception
{
    /// <summary>Creates the exception for a date outside <paramref name="firstYear"/>–<paramref name="lastYear"/>.</summary>
    /// <param name="calendarId">The id of the calendar that was asked.</param>
    /// <param name="firstYear">The first year the calendar covers.</param>
    /// <param name="lastYear">The last year the calendar covers.</param>
    /// <param name="date">The date the computation needed.</param>
    public CalendarNotCoveredException(string calendarId, int firstYear, int lastYear, LocalDate date)
        : base(string.Create(
            CultureInfo.InvariantCulture,
            $"calendar '{calendarId}' covers {firstYear}–{lastYear}; {date:uuuu-MM-dd} is outside it: add the year's holidays and make-up working days to the calendar file"))
    {
        CalendarId = calendarId;
        FirstYear = firstYear;
        LastYear = lastYear;
        Date = date;
    }

    /// <summary>The id of the calendar that was asked.</summary>
    public string CalendarId { get; }

    /// <summary>The first year the calendar covers.</summary>
    public int FirstYear { get; }

    /// <summary>The last year the calendar covers.</summary>
    public int LastYear { get; }

    /// <summary>The date the computation needed.</summary>
    public LocalDate Date { get; }
}
