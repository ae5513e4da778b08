namespace TrialStartup.Api.Tests.WritePath;

using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Data;
using TrialStartup.Data.Events;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;

/// <summary>
/// A host's commands on one project take turns (<see cref="StreamTurns"/>): the three parallel reviews, decided at the
/// same moment, no longer race each other for the stream, so none of them pays for a lost race (a rolled-back write, the
/// stream read again, the command decided again). On the embedded default most of them used to lose it once or twice.
/// </summary>
public sealed class StreamTurnsTests
{
    private static readonly Guid Stream = Guid.CreateVersion7();

    [Fact]
    public async Task ASecondCommandOnAStream_WaitsForTheFirstToFinish_WhileAnotherStreamDoesNot()
    {
        var turns = new StreamTurns();
        var first = await turns.TakeAsync(Stream);

        var second = turns.TakeAsync(Stream).AsTask();
        var otherStream = turns.TakeAsync(Guid.CreateVersion7()).AsTask();
        await Task.Delay(50);
        Assert.False(second.IsCompleted, "the second command did not wait for the first's turn");
        Assert.True(otherStream.IsCompleted, "a command on another stream waited");

        first.Dispose();
        first.Dispose(); // a second dispose must not let a third command in beside the second
        using var secondTurn = await second.WaitAsync(TimeSpan.FromSeconds(5));
        var third = turns.TakeAsync(Stream).AsTask();
        await Task.Delay(50);
        Assert.False(third.IsCompleted, "disposing a turn twice let two commands hold it");

        secondTurn.Dispose();
        (await third.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
        (await otherStream).Dispose();
        Assert.Equal(0, turns.Busy);
    }

    [Fact]
    public async Task ACommandCancelledWhileWaiting_LeavesTheQueue()
    {
        var turns = new StreamTurns();
        var first = await turns.TakeAsync(Stream);
        using var cancel = new CancellationTokenSource();
        var waiting = turns.TakeAsync(Stream, cancel.Token).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        first.Dispose();

        Assert.Equal(0, turns.Busy);
        (await turns.TakeAsync(Stream).AsTask().WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task ACommandThatCommitsOnItsOwn_HoldsTheTurnUntilTheEngineIsDone(string database)
    {
        await using var api = new ObservedApiFactory(database, new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
        await using var scope = api.Services.CreateAsyncScope();
        var turns = scope.ServiceProvider.GetRequiredService<StreamTurns>();

        using (var turn = await scope.ServiceProvider.GetRequiredService<IEventStore>().TakeTurnAsync(Stream))
        {
            Assert.NotNull(turn);
            Assert.Equal(1, turns.Busy);
        }

        Assert.Equal(0, turns.Busy);
    }

    [Theory]
    [PostgresData(true)]
    [PostgresData(false)]
    public async Task OnPostgres_ACommandInsideATransaction_HoldsTheTurnUntilTheTransactionEnds(string database, bool commit)
    {
        await using var api = new ObservedApiFactory(database, new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
        var turns = api.Services.GetRequiredService<StreamTurns>();
        await using var scope = api.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IEventStore>();
        var db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();

        // The engine gets no handle to end the turn with: the transaction's end does.
        Assert.Null(await store.TakeTurnAsync(Stream));
        Assert.Equal(1, turns.Busy);
        Assert.Null(await store.TakeTurnAsync(Stream).AsTask().WaitAsync(TimeSpan.FromSeconds(5))); // a second command of the transaction does not wait on itself

        // A command of another request (committing on its own) waits for the transaction.
        await using var other = api.Services.CreateAsyncScope();
        var waiting = other.ServiceProvider.GetRequiredService<IEventStore>().TakeTurnAsync(Stream).AsTask();
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted, "a command went ahead while a transaction held the stream's turn");

        if (commit)
        {
            await transaction.CommitAsync();
        }
        else
        {
            await transaction.RollbackAsync();
        }

        using (await waiting.WaitAsync(TimeSpan.FromSeconds(5)))
        {
            Assert.Equal(1, turns.Busy);
        }

        Assert.Equal(0, turns.Busy);
    }

    [Theory]
    [PostgresData]
    public async Task OnPostgres_ATransactionLeftUncommitted_EndsItsTurnWithItsScope(string database)
    {
        await using var api = new ObservedApiFactory(database, new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
        var turns = api.Services.GetRequiredService<StreamTurns>();
        await using (var scope = api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
            var transaction = await db.Database.BeginTransactionAsync();
            Assert.Null(await scope.ServiceProvider.GetRequiredService<IEventStore>().TakeTurnAsync(Stream));
            await transaction.DisposeAsync(); // neither committed nor rolled back, as when an endpoint throws
            Assert.Equal(1, turns.Busy);
        }

        Assert.Equal(0, turns.Busy);
    }

    [Theory]
    [PostgresData]
    public async Task OnPostgres_ACommandInsideATransaction_WaitsForATurnOnlySoLong_ThenGoesAheadWithoutOne(string database)
    {
        await using var api = new ObservedApiFactory(database, new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
        var turns = api.Services.GetRequiredService<StreamTurns>();
        using var heldElsewhere = await turns.TakeAsync(Stream);
        await using var scope = api.Services.CreateAsyncScope();
        await using var transaction = await scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>().Database.BeginTransactionAsync();

        var waited = System.Diagnostics.Stopwatch.StartNew();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<IEventStore>().TakeTurnAsync(Stream).AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.InRange(waited.Elapsed, EfEventStore.TurnWaitInTransaction * 0.9, TimeSpan.FromSeconds(10));
        Assert.Equal(1, turns.Busy); // only the other holder's
    }

    [Fact]
    public async Task OnSqlite_ACommandInsideATransaction_TakesNoTurn()
    {
        // The transaction holds SQLite's one writer lock already: a turn could only make it and a command waiting for that
        // lock wait for each other.
        await using var api = new ObservedApiFactory("sqlite", new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
        var turns = api.Services.GetRequiredService<StreamTurns>();
        using var heldElsewhere = await turns.TakeAsync(Stream);
        await using var scope = api.Services.CreateAsyncScope();
        await using var transaction = await scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>().Database.BeginTransactionAsync();

        Assert.Null(await scope.ServiceProvider.GetRequiredService<IEventStore>().TakeTurnAsync(Stream).AsTask().WaitAsync(TimeSpan.FromMilliseconds(500)));
        Assert.Equal(1, turns.Busy);
    }

    [Theory]
    [InlineData("sqlite", false)]
    [InlineData("sqlite", true)]
    [PostgresData(false)]
    [PostgresData(true)]
    public async Task ThreeReviewsSentTogether_AreEachRecordedOnce_WithoutALostRace(string database, bool keyed)
    {
        var failures = new FailedSaves();
        await using var api = new ObservedApiFactory(database, new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero),
            services: services => HostInterceptors.Add(services, database, failures));
        var reviews = new (string Role, Dictionary<string, object?> Body)[]
        {
            (Roles.ApprovalOffice, Reviewing.Body("institutional-approval", "approve", expectedVersion: null)),
            (Roles.EthicsCommittee, Reviewing.Body("ethics-review", "approve", expectedVersion: null, reviewType: "full-board")),
            (Roles.ContractOffice, Reviewing.Body("contract-review", "agreed", expectedVersion: null)),
        };
        foreach (var (_, body) in reviews)
        {
            body["round"] = 1; // the task named by its round, not by a version read before the others decide
        }

        for (var i = 0; i < 4; i++)
        {
            var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
            var savesBefore = failures.Count;
            var answers = await Task.WhenAll(reviews.Select(async review =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, Reviewing.DecisionsOf(project)) { Content = JsonContent.Create(review.Body) };
                if (keyed)
                {
                    request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                }

                return await api.ClientFor(DemoIds.Shanghai, review.Role).SendAsync(request);
            }));

            foreach (var answer in answers)
            {
                await Expect.StatusAsync(answer, HttpStatusCode.OK);
            }

            Assert.Equal(savesBefore, failures.Count);
            var instance = await api.WithDbAsync(db => db.SiteProjects.Where(p => p.Id == project).Select(p => p.WorkflowInstanceId).SingleAsync());
            var completed = await api.WithDbAsync(db => db.Events.AsNoTracking()
                .Where(e => e.StreamId == instance && e.Type == "task-completed").Select(e => e.Data).ToListAsync());
            foreach (var step in new[] { "institutional-approval", "ethics-review", "contract-review" })
            {
                Assert.Single(completed, data => data.Contains($"\"{step}\"", StringComparison.Ordinal));
            }
        }

        Assert.Equal(0, api.Services.GetRequiredService<StreamTurns>().Busy);
    }
}
