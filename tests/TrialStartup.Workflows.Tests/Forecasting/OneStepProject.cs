namespace TrialStartup.Workflows.Tests.Forecasting;

using NodaTime;
using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Forecasting;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Commands;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// A definition with one remaining step (a review that activates or ends not-approved), projects on it driven through
/// the real engine, and history samples of known shape: what the forecast's known-answer tests start from.
/// </summary>
internal static class OneStepProject
{
    public const string Yaml = """
        id: one-step
        version: 1
        submitter: site-office
        steps:
          - id: review
            type: task
            role: approval-office
            target: { workingDays: 5 }
            outcomes:
              approve: { next: activated }
              reject: { next: rejected }
          - id: activated
            type: end
            result: activated
          - id: rejected
            type: end
            result: not-approved
        interventions:
          - id: terminate
            role: approval-office
            effect: terminate
            result: terminated
        """;

    public static readonly Guid Institution = Guid.Parse("0b5c3a5e-0000-4000-8000-000000000001");

    public static readonly Guid OtherInstitution = Guid.Parse("0b5c3a5e-0000-4000-8000-000000000002");

    public static readonly ForecastTrack Track = new(false, "single");

    public static readonly CalendarCatalog Calendars = CalendarCatalog.LoadDirectory(Path.Combine(RepositoryPaths.Workflows, "calendars"));

    public static readonly WorkingDayCalendar Calendar = Calendars.Get("cn-mainland");

    public static DefinitionCatalog Definitions { get; } = Catalog();

    /// <summary>A project started at <paramref name="at"/>: its review is open with no time used.</summary>
    public static async Task<ForecastSubject> StartedAsync(Guid projectId, DateTimeOffset at)
    {
        var (engine, store, _) = Engine(at);
        await engine.HandleAsync(new StartWorkflow(Guid.NewGuid(), projectId, Person(Roles.SiteOffice), "one-step", null, "cn-mainland",
            new Dictionary<string, string>()));
        return new ForecastSubject(projectId, Institution, Track, [.. (await store.ReadAsync(projectId)).Select(e => e.Event)]);
    }

    /// <summary>A project started at <paramref name="at"/> and approved <paramref name="workingDays"/> working days later.</summary>
    public static async Task<(BacktestProject Project, HistorySample Sample)> ActivatedAsync(Guid projectId, DateTimeOffset at, int workingDays)
    {
        var (engine, store, clock) = Engine(at);
        await engine.HandleAsync(new StartWorkflow(Guid.NewGuid(), projectId, Person(Roles.SiteOffice), "one-step", null, "cn-mainland",
            new Dictionary<string, string>()));
        clock.Set(EndOfWorkingDays(at, workingDays));
        var decided = await engine.HandleAsync(new CompleteTask(Guid.NewGuid(), projectId, null, Person(Roles.ApprovalOffice), "review", "approve"));
        Assert.True(decided.IsAccepted, decided.Refusal?.Message);
        var events = (await store.ReadAsync(projectId)).Select(e => e.Event).ToList();
        return (new BacktestProject(projectId, Institution, Track, events), Sample(Institution, "approve", workingDays, clock.Now, projectId));
    }

    public static HistorySample Sample(Guid institution, string outcome, int workingDays, DateTimeOffset closedAt, Guid? project = null) =>
        new(institution, project ?? Guid.NewGuid(), Track, "review", StretchKind.Decision, outcome, null, workingDays, closedAt);

    /// <summary>The end of the n-th working day after <paramref name="from"/>'s date, as the forecast counts.</summary>
    public static DateTimeOffset EndOfWorkingDays(DateTimeOffset from, int workingDays) =>
        Calendar.AddWorkingDays(Instant.FromDateTimeOffset(from), workingDays).Minus(Duration.FromSeconds(1)).ToDateTimeOffset();

    /// <summary>The local date <paramref name="workingDays"/> working days after <paramref name="from"/>.</summary>
    public static DateOnly DateAfter(DateTimeOffset from, int workingDays) =>
        Instant.FromDateTimeOffset(EndOfWorkingDays(from, workingDays)).InZone(Calendar.TimeZone).Date.ToDateOnly();

    private static (WorkflowEngine Engine, InMemoryEventStore Store, ManualClock Clock) Engine(DateTimeOffset at)
    {
        var store = new InMemoryEventStore();
        var clock = new ManualClock(at);
        return (new WorkflowEngine(Definitions, Calendars, store, new InMemoryTimerScheduler(), clock), store, clock);
    }

    private static Actor Person(string role) => new($"{role}-1", $"Test {role}", role, "test-hospital");

    private static DefinitionCatalog Catalog()
    {
        var catalog = new DefinitionCatalog();
        catalog.Register(DefinitionLoader.Parse("one-step.yaml", Yaml));
        return catalog;
    }
}
