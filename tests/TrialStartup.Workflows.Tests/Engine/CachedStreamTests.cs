namespace TrialStartup.Workflows.Tests.Engine;

using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Commands;

/// <summary>
/// A store may hand the engine its own copy of a stream (a host's cache) instead of reading it. The copy can lag behind
/// another writer, so it is never what an answer rests on: a decision made on it is appended only if the stream has not
/// moved (the version check refuses it otherwise and the command is decided again on the stored stream), and an answer
/// that appends nothing is given only once the stored stream says the same.
/// </summary>
public sealed class CachedStreamTests
{
    private static readonly CalendarCatalog Calendars = CalendarCatalog.LoadDirectory(Path.Combine(RepositoryPaths.Workflows, "calendars"));

    [Fact]
    public async Task ADecisionOnACopyLeftBehind_LosesToTheVersionCheck_AndIsDecidedAgainOnTheStoredStream()
    {
        var (scenario, store, engine) = await AtParallelReviewWithCopyAsync();
        await scenario.Complete("ethics-review", "approve", null, ("reviewType", "expedited")); // another writer; the copy is behind

        var result = await engine.HandleAsync(Decide(scenario, "institutional-approval", "approve"));

        Assert.Equal(CommandStatus.Accepted, result.Status);
        Assert.Equal(2, store.Appends); // the first, on the copy, was refused by the version check
        Assert.Equal(1, store.Reads);
        var stored = await scenario.Store.ReadAsync(scenario.InstanceId);
        Assert.Equal(Enumerable.Range(1, stored.Count).Select(v => (long)v), stored.Select(e => e.Version));
        Assert.Equal(stored.Count, result.Version);
        Assert.Equal(["contract-review"], (await scenario.State()).OpenSteps.Select(s => s.StepId));
    }

    [Fact]
    public async Task ARefusalOnACopyLeftBehind_IsCheckedOnTheStoredStream_WhereTheCommandIsAccepted()
    {
        // The copy was taken before intake was completed: on it, the approval office's task is not open yet.
        var scenario = Scenario.GivenShipped("standard-site-startup");
        await scenario.Start();
        var store = new CopyingStore(scenario.Store);
        store.Keep(await scenario.Store.ReadAsync(scenario.InstanceId));
        await scenario.Complete("intake", "complete");
        var engine = new WorkflowEngine(DefinitionCatalog.LoadDirectory(RepositoryPaths.Workflows), Calendars, store, scenario.Timers, scenario.Clock);

        var result = await engine.HandleAsync(Decide(scenario, "institutional-approval", "approve"));

        Assert.Equal(CommandStatus.Accepted, result.Status);
        Assert.Equal((1, 1), (store.Reads, store.Appends));
    }

    [Fact]
    public async Task AnAcceptanceOnACopyLeftBehind_IsNeverStored_WhenTheStoredStreamRefusesIt()
    {
        var (scenario, store, engine) = await AtParallelReviewWithCopyAsync();
        await scenario.Complete("institutional-approval", "approve"); // someone else decided the same task meanwhile
        var before = await scenario.Store.ReadAsync(scenario.InstanceId);

        var result = await engine.HandleAsync(Decide(scenario, "institutional-approval", "reject"));

        Assert.Equal(CommandStatus.Conflict, result.Status);
        Assert.Equal(before.Count, (await scenario.Store.ReadAsync(scenario.InstanceId)).Count);
        Assert.Equal(1, store.Appends); // the copy's acceptance, refused by the version check
    }

    [Fact]
    public async Task ACopyThatIsCurrent_DecidesWithoutReadingTheStream()
    {
        var (scenario, store, engine) = await AtParallelReviewWithCopyAsync();

        var result = await engine.HandleAsync(Decide(scenario, "institutional-approval", "approve"));

        Assert.Equal(CommandStatus.Accepted, result.Status);
        Assert.Equal((0, 1), (store.Reads, store.Appends));
    }

    [Fact]
    public async Task ARepeatFoundInTheCopy_IsAnsweredFromIt()
    {
        var (scenario, store, engine) = await AtParallelReviewWithCopyAsync();
        var decision = Decide(scenario, "institutional-approval", "approve");
        var first = await engine.HandleAsync(decision);
        store.Keep(await scenario.Store.ReadAsync(scenario.InstanceId));
        var (reads, appends) = (store.Reads, store.Appends);

        var again = await engine.HandleAsync(decision);

        Assert.True(again.IsRepeat);
        Assert.Equal(first.Events.Select(e => e.Version), again.Events.Select(e => e.Version));
        Assert.Equal((reads, appends), (store.Reads, store.Appends));
    }

    // A project at the parallel review, and an engine whose store hands out a copy of the stream as it is now.
    private static async Task<(Scenario Scenario, CopyingStore Store, WorkflowEngine Engine)> AtParallelReviewWithCopyAsync()
    {
        var scenario = Scenario.GivenShipped("standard-site-startup");
        await scenario.Start();
        await scenario.Complete("intake", "complete");
        var store = new CopyingStore(scenario.Store);
        store.Keep(await scenario.Store.ReadAsync(scenario.InstanceId));
        var engine = new WorkflowEngine(DefinitionCatalog.LoadDirectory(RepositoryPaths.Workflows), Calendars, store, scenario.Timers, scenario.Clock);
        return (scenario, store, engine);
    }

    private static CompleteTask Decide(Scenario scenario, string stepId, string outcome) =>
        new(Guid.NewGuid(), scenario.InstanceId, null, Scenario.As(Roles.ApprovalOffice), stepId, outcome, "decided", null, Round: 1);

    /// <summary>A store that hands out the copy it was given (as a host's cache would) and counts what reaches the stream.</summary>
    private sealed class CopyingStore(IEventStore inner) : IEventStore
    {
        private IReadOnlyList<RecordedEvent>? copy;

        public int Reads { get; private set; }

        public int Appends { get; private set; }

        public void Keep(IReadOnlyList<RecordedEvent> stream) => copy = stream;

        public IReadOnlyList<RecordedEvent>? Cached(Guid streamId) => copy;

        public Task<IReadOnlyList<RecordedEvent>> ReadAsync(Guid streamId, CancellationToken cancellationToken = default)
        {
            Reads++;
            return inner.ReadAsync(streamId, cancellationToken);
        }

        public Task AppendAsync(StreamAppend append, CancellationToken cancellationToken = default)
        {
            Appends++;
            return inner.AppendAsync(append, cancellationToken);
        }
    }
}
