using TrialStartup.Workflows.Definitions;

namespace TrialStartup.Workflows.Calendars;

/// <summary>
/// Loads working-day calendar files (YAML). Every problem in a file, or in a directory of files, is collected
/// and reported at once in a single <see cref="DefinitionLoadException"/>, each with its 1-based line.
/// </summary>
public static class WorkingDayCalendarLoader
{
    /// <summary>Loads the calendar file at <paramref name="path"/>.</summary>
    /// <param name="path">The file to read (UTF-8); problems name the file as given here.</param>
    /// <returns>The calendar.</returns>
    /// <exception cref="DefinitionLoadException">The file has one or more problems.</exception>
    public static WorkingDayCalendar Load(string path) => Parse(path, File.ReadAllText(path));

    /// <summary>Parses calendar text that came from <paramref name="file"/>.</summary>
    /// <param name="file">The name problems are reported against.</param>
    /// <param name="text">The YAML text of the calendar file.</param>
    /// <returns>The calendar.</returns>
    /// <exception cref="DefinitionLoadException">The text has one or more problems.</exception>
    public static WorkingDayCalendar Parse(string file, string text) => CalendarFileReader.Read(file, text).Calendar;

    /// <summary>
    /// Loads every <c>*.yaml</c> and <c>*.yml</c> file directly in <paramref name="directory"/>, ordered by file name.
    /// </summary>
    /// <param name="directory">The directory holding calendar files.</param>
    /// <returns>The calendars, one per file.</returns>
    /// <exception cref="DefinitionLoadException">
    /// Any file has problems, or two files define the same id; carries the problems of all files.
    /// </exception>
    public static IReadOnlyList<WorkingDayCalendar> LoadDirectory(string directory)
    {
        var files = Directory.EnumerateFiles(directory)
            .Where(f => Path.GetExtension(f).ToUpperInvariant() is ".YAML" or ".YML")
            .Order(StringComparer.Ordinal);

        var calendars = new List<WorkingDayCalendar>();
        var problems = new List<DefinitionProblem>();
        var definedIn = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            try
            {
                var (calendar, idLine) = CalendarFileReader.Read(file, File.ReadAllText(file));
                if (definedIn.TryGetValue(calendar.Id, out var first))
                {
                    problems.Add(new DefinitionProblem(file, idLine, null, $"calendar id '{calendar.Id}' is already defined in {first}"));
                    continue;
                }

                definedIn[calendar.Id] = file;
                calendars.Add(calendar);
            }
            catch (DefinitionLoadException ex)
            {
                problems.AddRange(ex.Problems);
            }
        }

        if (problems.Count > 0)
        {
            throw new DefinitionLoadException(problems);
        }

        return calendars;
    }
}
