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
    public async Task TheStore_TakesATurnOnlyForACommandThatCommitsOnItsOwn(string database)
    {
        await using var api = new ObservedApiFactory(database, new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
        await using var scope = api.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IEventStore>();
        var turns = scope.ServiceProvider.GetRequiredService<StreamTurns>();

        using (var turn = await store.TakeTurnAsync(Stream))
        {
            Assert.NotNull(turn);
            Assert.Equal(1, turns.Busy);
        }

        // Inside a caller's transaction the append commits with it, later: a turn would end before that commit.
        await using var transaction = await scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>().Database.BeginTransactionAsync();
        Assert.Null(await store.TakeTurnAsync(Stream));
        Assert.Equal(0, turns.Busy);
    }

    [Theory]
    [InlineData("sqlite", false)]
    [InlineData("sqlite", true)]
    [PostgresData(false)]
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
