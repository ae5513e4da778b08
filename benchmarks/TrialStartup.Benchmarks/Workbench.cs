namespace TrialStartup.Benchmarks;

using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;

/// <summary>
/// A fresh engine on an empty in-memory store, with the shipped definitions and calendar. The catalogs are loaded
/// once per process: they are read-only, and loading YAML is not what the benchmarks measure.
/// </summary>
internal sealed class Workbench
{
    private static readonly Lazy<DefinitionCatalog> Definitions = new(() => DefinitionCatalog.LoadDirectory(RepositoryRoot.Workflows));
    private static readonly Lazy<CalendarCatalog> Calendars = new(() => CalendarCatalog.LoadDirectory(RepositoryRoot.Calendars));

    /// <summary>A store, scheduler and clock of its own, so runs never see each other's streams or timers.</summary>
    /// <param name="clockStep">How far the clock moves each time the engine reads it.</param>
    public Workbench(TimeSpan clockStep)
    {
        Store = new InMemoryEventStore();
        Timers = new InMemoryTimerScheduler();
        Engine = new WorkflowEngine(Definitions.Value, Calendars.Value, Store, Timers, new SteppingTimeProvider(SteppingTimeProvider.DefaultStart, clockStep));
    }

    /// <summary>The engine under test.</summary>
    public WorkflowEngine Engine { get; }

    /// <summary>Where the engine keeps streams.</summary>
    public InMemoryEventStore Store { get; }

    /// <summary>The timers the engine armed.</summary>
    public InMemoryTimerScheduler Timers { get; }

    /// <summary>The shipped definitions, loaded once.</summary>
    public static DefinitionCatalog ShippedDefinitions => Definitions.Value;

    /// <summary>The shipped calendars, loaded once.</summary>
    public static CalendarCatalog ShippedCalendars => Calendars.Value;

    /// <summary>Loads the catalogs now, so a missing or broken workflows folder fails setup, not the first measurement.</summary>
    public static void LoadCatalogs() => _ = (Definitions.Value, Calendars.Value);
}
