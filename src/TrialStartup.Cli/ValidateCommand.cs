namespace TrialStartup.Cli;

using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// <c>validate</c>: checks a definition file, a calendar file, or a folder the way the engine will load it, and
/// lists every problem at once so one edit round fixes them all.
/// </summary>
internal static class ValidateCommand
{
    private const string CalendarFolder = "calendars";

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var path = CommandLine.SinglePath(args, "validate", "file or folder");
        var problems = new List<DefinitionProblem>();
        string summary;
        if (Directory.Exists(path))
        {
            summary = ValidateFolder(path, problems);
        }
        else if (File.Exists(path))
        {
            summary = ValidateFile(path, problems);
        }
        else
        {
            throw new UsageException($"validate: no such file or folder: {path}");
        }

        if (problems.Count == 0)
        {
            stdout.WriteLine($"{summary}: valid");
            return ExitCodes.Ok;
        }

        foreach (var problem in problems)
        {
            stdout.WriteLine(problem);
        }

        // The count goes to stderr so stdout stays exactly one line per problem for editors and CI annotations.
        stderr.WriteLine($"{Count(problems.Count, "problem")} in {Count(problems.Select(p => p.File).Distinct().Count(), "file")}");
        return ExitCodes.Failed;
    }

    private static string ValidateFolder(string folder, List<DefinitionProblem> problems)
    {
        var definitions = 0;
        if (!DefinitionCatalog.DefinitionFiles(folder).Any())
        {
            // An empty folder "passing" would hide a wrong path in a CI step.
            problems.Add(new DefinitionProblem(folder, 0, null, "no definition files here (*.yaml, *.yml or *.json)"));
        }
        else
        {
            try
            {
                // The catalog load is what the engine does at start-up: every file's problems plus the catalog-level
                // check that an id and version is never published twice with different content.
                definitions = DefinitionCatalog.LoadDirectory(folder).All.Count();
            }
            catch (DefinitionLoadException e)
            {
                problems.AddRange(e.Problems);
            }
        }

        var calendarFolder = Path.Combine(folder, CalendarFolder);
        IReadOnlyList<WorkingDayCalendar> calendars = [];
        if (Directory.Exists(calendarFolder))
        {
            try
            {
                calendars = WorkingDayCalendarLoader.LoadDirectory(calendarFolder);
            }
            catch (DefinitionLoadException e)
            {
                problems.AddRange(e.Problems);
            }
        }

        return $"{Count(definitions, "definition")}, {Calendars(calendars)}";
    }

    private static string ValidateFile(string file, List<DefinitionProblem> problems)
    {
        // Calendar files live in a calendars/ folder by convention; reading one as a definition would only
        // produce a confusing list of unknown keys.
        if (string.Equals(Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(file))), CalendarFolder, StringComparison.Ordinal))
        {
            try
            {
                return Calendars([WorkingDayCalendarLoader.Load(file)]);
            }
            catch (DefinitionLoadException e)
            {
                problems.AddRange(e.Problems);
                return "1 calendar";
            }
        }

        problems.AddRange(DefinitionLoader.TryParse(file, File.ReadAllText(file)).Problems);
        return "1 definition";
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    // With the years each covers: after adding next year's holidays, the summary shows it took. Calendars are
    // separated by semicolons because the span of a calendar with a rule has a comma of its own.
    private static string Calendars(IReadOnlyList<WorkingDayCalendar> calendars) => calendars.Count == 0
        ? Count(0, "calendar")
        : $"{Count(calendars.Count, "calendar")} ({string.Join("; ", calendars.OrderBy(c => c.Id, StringComparer.Ordinal).Select(c => $"{c.Id} {CalendarSpan.Of(c)}"))})";
}
