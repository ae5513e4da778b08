namespace TrialStartup.Cli;

using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// <c>simulate</c>: loads a definition with its folder's catalog and calendars the way a deployment would, checks
/// the command line against it, and runs a <see cref="Simulation"/>.
/// </summary>
internal static class SimulateCommand
{
    private const string DefaultCalendar = "cn-mainland";

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var options = SimulateOptions.Parse(args);
        var definition = DefinitionInput.Load(options.DefinitionFile, "simulate", stdout);
        if (definition is null)
        {
            return ExitCodes.Failed;
        }

        CheckAgainst(definition, options);
        var folder = Path.GetDirectoryName(Path.GetFullPath(options.DefinitionFile))!;
        var calendarFolder = Path.Combine(folder, "calendars");
        if (!Directory.Exists(calendarFolder))
        {
            stderr.WriteLine($"trialstartup: no calendars folder next to the definition ({calendarFolder}); "
                + "working-day targets need the institution's calendar");
            return ExitCodes.Failed;
        }

        CalendarCatalog calendars;
        try
        {
            calendars = CalendarCatalog.LoadDirectory(calendarFolder);
        }
        catch (DefinitionLoadException e)
        {
            foreach (var problem in e.Problems)
            {
                stdout.WriteLine(problem);
            }

            return ExitCodes.Failed;
        }

        var calendarId = ChooseCalendar(options.CalendarId, calendars);
        var output = new SimulationOutput(options.Format, definition, options.Start.Offset, stdout, stderr);
        var catalog = Catalog(folder, definition, output);
        if (options.Format == SimulationFormat.Text)
        {
            stdout.WriteLine($"simulating {definition} on {calendarId} from {EventText.Time(options.Start, options.Start.Offset)} "
                + $"({options.Start:zzz}), one hour per command");
        }

        try
        {
            // The in-memory store and scheduler complete synchronously, so blocking here cannot deadlock.
            return new Simulation(definition, catalog, calendars, calendarId, options, output).RunAsync().GetAwaiter().GetResult();
        }
        catch (CalendarNotCoveredException e)
        {
            output.Error($"trialstartup: {e.Message}");
            return ExitCodes.Failed;
        }
    }

    /// <summary>
    /// Rejects facts and scripted steps the definition does not know before anything runs: a misspelt name would
    /// otherwise be silently ignored (a step) or refused half-way through the walk (a fact).
    /// </summary>
    private static void CheckAgainst(WorkflowDefinition definition, SimulateOptions options)
    {
        foreach (var (name, value) in options.Facts)
        {
            var fact = definition.Fact(name)
                ?? throw new UsageException($"--facts: {definition} has no fact '{name}' (facts: {string.Join(", ", definition.Facts.Select(f => f.Name))})");
            if (fact.Check(value) is { } wrong)
            {
                throw new UsageException($"--facts: {wrong}");
            }
        }

        var tasks = definition.AllSteps.OfType<TaskStep>().Select(t => t.Id).ToList();
        foreach (var decision in options.Decisions.Where(d => !tasks.Contains(d.StepId)))
        {
            throw new UsageException($"--decide {decision.Text}: {definition} has no task '{decision.StepId}' (tasks: {string.Join(", ", tasks)})");
        }
    }

    private static string ChooseCalendar(string? requested, CalendarCatalog calendars)
    {
        var id = requested ?? (calendars.Ids.Count == 1 ? calendars.Ids[0] : DefaultCalendar);
        return calendars.TryGet(id, out _)
            ? id
            : throw new UsageException($"--calendar: no calendar '{id}' (calendars: {string.Join(", ", calendars.Ids)})");
    }

    /// <summary>
    /// The definition's folder as the catalog, as a deployment publishes it; when other files there have problems
    /// the file alone, so one broken neighbour does not stop trying out this definition.
    /// </summary>
    private static DefinitionCatalog Catalog(string folder, WorkflowDefinition definition, SimulationOutput output)
    {
        try
        {
            var catalog = DefinitionCatalog.LoadDirectory(folder);
            if (catalog.All.Any(d => d.Id == definition.Id && d.Version == definition.Version && d.ContentHash == definition.ContentHash))
            {
                return catalog;
            }
        }
        catch (DefinitionLoadException)
        {
            output.Note($"other definitions in {folder} have problems (see trialstartup validate); simulating this file alone");
        }

        var alone = new DefinitionCatalog();
        alone.Register(definition);
        return alone;
    }
}
