namespace TrialStartup.Workflows.Tests.Engine;

using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Commands;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// Given a definition / when these commands / then these events. Each step helper issues a command with the
/// version the previous result left, as a real client would, and keeps the results for the "then" part.
/// </summary>
internal sealed class Scenario
{
    // Monday 2 March 2026, 09:00 in Shanghai: an ordinary working week, far from holidays.
    public static readonly DateTimeOffset DefaultStart = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    private static readonly CalendarCatalog Calendars = CalendarCatalog.LoadDirectory(Path.Combine(RepositoryPaths.Workflows, "calendars"));
    private static readonly Lazy<DefinitionCatalog> Shipped = new(() => DefinitionCatalog.LoadDirectory(RepositoryPaths.Workflows));

    private readonly DefinitionCatalog definitions;

    private Scenario(DefinitionCatalog definitions, string definitionId)
    {
        this.definitions = definitions;
        DefinitionId = definitionId;
        Definition = definitions.Latest(definitionId)!;
        Engine = new WorkflowEngine(definitions, Calendars, Store, Timers, Clock);
    }

    public string DefinitionId { get; }

    public WorkflowDefinition Definition { get; }

    public Guid InstanceId { get; } = Guid.NewGuid();

    public ManualClock Clock { get; } = new(DefaultStart);

    public InMemoryEventStore Store { get; } = new();

    public InMemoryTimerScheduler Timers { get; } = new();

    public WorkflowEngine Engine { get; private set; }

    public long Version { get; private set; }

    public CommandResult? Last { get; private set; }

    /// <summary>A shipped definition from <c>workflows/</c>.</summary>
    public static Scenario GivenShipped(string definitionId) => new(Shipped.Value, definitionId);

    /// <summary>A definition written in the test.</summary>
    public static Scenario Given(string yaml)
    {
        var definition = DefinitionLoader.Parse("test.yaml", yaml);
        var catalog = new DefinitionCatalog();
        catalog.Register(definition);
        return new Scenario(catalog, definition.Id);
    }

    public static Actor As(string role) => new($"{role}-1", $"Test {role}", role, "test-hospital");

    public Task<CommandResult> Start(params (string Name, string Value)[] facts) =>
        When(new StartWorkflow(Guid.NewGuid(), InstanceId, As(Roles.SiteOffice), DefinitionId, null, "cn-mainland",
            facts.ToDictionary(f => f.Name, f => f.Value)));

    public Task<CommandResult> Complete(string stepId, string outcome, string? role = null, params (string Name, string Value)[] facts) =>
        When(new CompleteTask(Guid.NewGuid(), InstanceId, Version, As(role ?? RoleOf(stepId)), stepId, outcome, "test decision",
            facts.ToDictionary(f => f.Name, f => f.Value)));

    public Task<CommandResult> Resubmit(string stepId, string role = Roles.Sponsor) =>
        When(new Resubmit(Guid.NewGuid(), InstanceId, Version, As(role), stepId, "revised"));

    public Task<CommandResult> Signal(string signal, string reference = "lead-site") =>
        When(new ReceiveSignal(Guid.NewGuid(), InstanceId, Actor.System, signal, reference));

    /// <summary>The hosts restart with other calendar files: the same streams, timers and clock, a new engine.</summary>
    public void RestartWith(CalendarCatalog calendars) => Engine = new WorkflowEngine(definitions, calendars, Store, Timers, Clock);

    public Task<CommandResult> RecomputeTimers() => When(new RecomputeTimers(Guid.NewGuid(), InstanceId));

    public Task<CommandResult> Intervene(string interventionId, string role = Roles.EthicsCommittee) =>
        When(new Intervene(Guid.NewGuid(), InstanceId, Version, As(role), interventionId, "test"));

    public async Task<CommandResult> When(WorkflowCommand command)
    {
        Last = await Engine.HandleAsync(command);
        if (Last.IsAccepted)
        {
            Version = Last.Version;
        }

        return Last;
    }

    public Task<WorkflowState> State() => Engine.LoadAsync(InstanceId);

    public async Task<IReadOnlyList<WorkflowEvent>> Events() => [.. (await Store.ReadAsync(InstanceId)).Select(e => e.Event)];

    /// <summary>The aliases of the last accepted command's events, for "then these events" assertions.</summary>
    public IReadOnlyList<string> LastAliases => [.. Last!.Events.Select(e => WorkflowEventJson.AliasOf(e.Event))];

    public IEnumerable<T> LastOf<T>() => Last!.Events.Select(e => e.Event).OfType<T>();

    private string RoleOf(string stepId) => ((TaskStep)Definition.Step(stepId)).Role;
}
