namespace TrialStartup.Cli;

using System.Globalization;
using System.Text.RegularExpressions;
using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// <c>calendar</c>: prints one year of a calendar file month by month, so an administrator can check a notice they
/// just typed in against the published one, or see what the rule gives for a year no notice covers yet.
/// </summary>
internal static partial class CalendarCommand
{
    private const string Usage = "trialstartup calendar <calendar-file> --year <yyyy>";

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var (path, year) = Parse(args);
        CommandLine.RequireFile(path, "calendar", "calendar file");
        WorkingDayCalendar calendar;
        try
        {
            calendar = WorkingDayCalendarLoader.Load(path);
        }
        catch (DefinitionLoadException e)
        {
            // Unlike validate, stdout is the printout here: a broken file must leave it empty, so that
            // "trialstartup calendar ... > 2027.txt" never produces a file that looks like a calendar.
            foreach (var problem in e.Problems)
            {
                stderr.WriteLine(problem);
            }

            stderr.WriteLine($"trialstartup: {path} is not a valid calendar file (see trialstartup validate)");
            return ExitCodes.Failed;
        }

        if (year < calendar.FirstYear || year > calendar.LastCoveredYear)
        {
            throw new UsageException($"--year {year}: {NotCovered(calendar)}");
        }

        CalendarPrintout.Write(calendar, year, stdout);
        return ExitCodes.Ok;
    }

    private static (string Path, int Year) Parse(IReadOnlyList<string> args)
    {
        string? path = null;
        int? year = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!CommandLine.IsOption(arg))
            {
                path = path is null ? arg : throw new UsageException($"calendar takes one calendar file; unexpected '{arg}'");
                continue;
            }

            // Both "--year 2027" and "--year=2027", as simulate accepts its options.
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            if (name != "--year")
            {
                throw new UsageException($"calendar: unknown option '{arg}'");
            }

            if (year is not null)
            {
                throw new UsageException("calendar: --year is given twice; the command prints one year");
            }

            string? value;
            if (equals >= 0)
            {
                value = arg[(equals + 1)..];
            }
            else
            {
                value = i + 1 < args.Count && !CommandLine.IsOption(args[i + 1]) ? args[++i] : null;
            }

            year = string.IsNullOrEmpty(value)
                ? throw new UsageException($"--year needs a year: {Usage}")
                : ParseYear(value);
        }

        if (path is null)
        {
            throw new UsageException($"calendar needs a calendar file: {Usage}");
        }

        // No default year: "this year" would make the printout depend on when it is run, and checking a year is
        // always about a particular one (the notice just added, or the first year on the rule).
        return year is null
            ? throw new UsageException($"calendar needs --year: {Usage}")
            : (path, year.Value);
    }

    private static int ParseYear(string text) => YearPattern().IsMatch(text)
        ? int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture)
        : throw new UsageException($"--year must be a four-digit year such as 2027, not '{text}'");

    /// <summary>What the calendar does cover, and for one without a rule, how to make it cover more.</summary>
    private static string NotCovered(WorkingDayCalendar calendar) =>
        calendar.LastCoveredYear > calendar.LastAnnouncedYear
            ? $"calendar {calendar.Id} covers {CalendarSpan.Years(calendar.FirstYear, calendar.LastCoveredYear)} ({CalendarSpan.Of(calendar)})"
            : $"calendar {calendar.Id} covers {CalendarSpan.Of(calendar)}; later years need their notice in the file "
                + "(or a rule under beyondListedYears)";

    [GeneratedRegex(@"^\d{4}$")]
    private static partial Regex YearPattern();
}
