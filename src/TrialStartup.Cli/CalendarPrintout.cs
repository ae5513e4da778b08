namespace TrialStartup.Cli;

using System.Globalization;
using NodaTime;
using TrialStartup.Workflows.Calendars;

/// <summary>
/// The text of <c>calendar</c>: a header saying where the year comes from, then each month as a week grid with
/// its named days listed under it, then the year's working days. Every day is read through
/// <see cref="WorkingDayCalendar.Describe"/>, the same answer deadlines are counted on, so the printout shows
/// what the engine will do rather than a second reading of the file.
/// </summary>
internal static class CalendarPrintout
{
    private const string Indent = "  ";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Writes <paramref name="year"/> of <paramref name="calendar"/>; the year must be covered.</summary>
    public static void Write(WorkingDayCalendar calendar, int year, TextWriter output)
    {
        var provisional = calendar.IsProvisional(new LocalDate(year, 1, 1));
        output.WriteLine($"calendar {calendar.Id}: {calendar.Name}; time zone {calendar.TimeZone.Id}");
        if (provisional)
        {
            var rule = calendar.Rule!;
            output.WriteLine($"{year}: provisional — no notice in the file; days off from the rule {rule.Id}, no make-up working days");

            // On a line of its own: the description is long, and it is what the administrator checks the days against.
            output.WriteLine($"{Indent}{rule.Id}: {rule.Description}");
        }
        else
        {
            output.WriteLine($"{year}: from the holiday notice in the file");
        }

        output.WriteLine(Legend(provisional));
        var total = 0;
        for (var month = 1; month <= 12; month++)
        {
            output.WriteLine();
            total += WriteMonth(calendar, year, month, output);
        }

        output.WriteLine();
        output.WriteLine(provisional
            ? $"{year}: {WorkingDays(total)} (provisional, on the rule {calendar.Rule!.Id})"
            : $"{year}: {WorkingDays(total)}");
    }

    /// <summary>The marker after a day's number in the grid. A working weekday has none, so the odd days stand out.</summary>
    private static char Marker(CalendarDayKind kind) => kind switch
    {
        CalendarDayKind.Weekday => ' ',
        CalendarDayKind.Weekend => '-',
        CalendarDayKind.NoticeHoliday => 'N',
        CalendarDayKind.RuleHoliday => 'R',
        CalendarDayKind.MakeUpWorkingDay => 'W',
        _ => '?',
    };

    // Only the markers the year can show: a rule year has neither notice holidays nor make-up days, and listing
    // them would send the reader looking for days that cannot be there.
    private static string Legend(bool provisional)
    {
        var keys = provisional
            ? new[] { (" 4 ", "working day"), (" 2-", "weekend"), (" 1R", "day off by the rule (provisional)") }
            : [(" 4 ", "working day"), (" 2-", "weekend"), (" 1N", "holiday (notice)"), ("14W", "make-up working day (notice)")];
        return "key: " + string.Join("   ", keys.Select(k => $"\"{k.Item1}\" {k.Item2}"));
    }

    /// <summary>Writes one month; returns its working days.</summary>
    private static int WriteMonth(WorkingDayCalendar calendar, int year, int month, TextWriter output)
    {
        var first = new LocalDate(year, month, 1);
        var days = Enumerable.Range(0, CalendarSystem.Iso.GetDaysInMonth(year, month))
            .Select(d => calendar.Describe(first.PlusDays(d)))
            .ToList();
        var workingDays = days.Count(d => d.IsWorkingDay);
        output.WriteLine($"{first.ToString("uuuu-MM", Invariant)}  {first.ToString("MMMM", Invariant),-9}  ({WorkingDays(workingDays)})");

        // Weeks run Monday to Sunday; each cell is the day's number and its marker, under a two-letter heading.
        output.WriteLine(Indent + "Mo  Tu  We  Th  Fr  Sa  Su");
        var cells = new List<string>();
        cells.AddRange(Enumerable.Repeat("   ", (int)first.DayOfWeek - 1));
        foreach (var day in days)
        {
            cells.Add($"{day.Date.Day,2}{Marker(day.Kind)}");
            if (cells.Count == 7)
            {
                output.WriteLine((Indent + string.Join(' ', cells)).TrimEnd());
                cells.Clear();
            }
        }

        if (cells.Count > 0)
        {
            output.WriteLine((Indent + string.Join(' ', cells)).TrimEnd());
        }

        foreach (var day in days.Where(d => d.Name is not null))
        {
            var source = day.Kind == CalendarDayKind.RuleHoliday ? "rule" : "notice";
            output.WriteLine($"{Indent}{day.Date.ToString("MM-dd ddd", Invariant)}  {(day.IsWorkingDay ? "work" : "off"),-4}  {day.Name}  ({source})");
        }

        return workingDays;
    }

    private static string WorkingDays(int n) => n == 1 ? "1 working day" : $"{n} working days";
}
