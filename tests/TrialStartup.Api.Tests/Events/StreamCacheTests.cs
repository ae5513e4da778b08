namespace TrialStartup.Api.Tests.Events;

using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Data;
using TrialStartup.Data.Commands;
using TrialStartup.Data.Events;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Commands;

/// <summary>
/// The host keeps the streams it used last, decides a command on its copy without reading, and reads only what was
/// appended since when it must. Another writer (another host, with a cache of its own) appending meanwhile leaves this
/// host's copy behind: a decision made on it loses to the (stream, version) key and is decided again on the stream as it
/// is, so no answer ever rests on the stale copy.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class StreamCacheTests(ApiHosts hosts)
{
    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task ACacheLeftBehindByAnotherWriter_IsCaughtUpBeforeAnyAnswerRestsOnIt(string database)
    {
        var api = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
        var cache = api.Services.GetRequiredService<StreamCache>();
        Guid instance;
        await using (var scope = api.Services.CreateAsyncScope())
        {
            instance = (await scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>().SiteProjects.SingleAsync(p => p.Id == project))
                .WorkflowInstanceId;
        }

        var cachedBefore = Assert.IsAssignableFrom<IReadOnlyList<RecordedEvent>>(cache.Get(instance)).Count;

        // Another host, with its own cache, approves for the institution: this host's copy is now behind.
        var otherVersion = await AnotherWriter.DecideAsync(api, instance, DemoIds.Shanghai, Roles.ApprovalOffice, "institutional-approval", "approve");

        Assert.Equal(cachedBefore, cache.Get(instance)!.Count);
        Assert.True(otherVersion > cachedBefore);

        // The same task decided here, straight away (nothing read first): on the stale copy it would still be open; read up
        // to date, it is already decided, and the copy has caught up.
        var body = Reviewing.Body("institutional-approval", "approve", expectedVersion: null);
        body["round"] = 1;
        var again = await api.ClientFor(DemoIds.Shanghai, Roles.ApprovalOffice).PostAsJsonAsync(Reviewing.DecisionsOf(project), body);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(otherVersion, cache.Get(instance)!.Count);

        // And a task the other writer did not touch is decided after its events, continuing the stream.
        var ethics = await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.EthicsCommittee, "ethics-review", "approve",
            reviewType: "full-board");
        Assert.True(ethics.GetProperty("version").GetInt64() > otherVersion);
        Assert.Equal(ethics.GetProperty("version").GetInt64(), cache.Get(instance)!.Count);
        var history = (await Journey.DetailAsync(api, project, DemoIds.Shanghai)).GetProperty("history").EnumerateArray()
            .Select(h => h.GetProperty("version").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(1, history.Count).Select(v => (long)v), history);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task ACommandInsideATransaction_IsCachedOnlyOnceItCommits(string database)
    {
        var api = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
        var cache = api.Services.GetRequiredService<StreamCache>();
        var approval = new Actor("test", "Approval office", Roles.ApprovalOffice, DemoIds.Shanghai);

        // Decided and rolled back (a request's unit of work that failed after the command): nothing of it is cached,
        // or the next command would be decided on events that never happened.
        var (instance, committedBefore) = await InTransactionAsync(api, project, approval, commit: false);
        Assert.Equal(committedBefore, cache.Get(instance)?.Count ?? committedBefore);
        var stored = await api.WithDbAsync(db => db.Events.CountAsync(e => e.StreamId == instance));
        Assert.Equal(committedBefore, stored);

        // The same decision committed: the cache holds its events as soon as the transaction has committed.
        var (_, before) = await InTransactionAsync(api, project, approval, commit: true);
        Assert.Equal(before, committedBefore);
        var after = await api.WithDbAsync(db => db.Events.CountAsync(e => e.StreamId == instance));
        Assert.True(after > before);
        Assert.Equal(after, cache.Get(instance)!.Count);
    }

    // Approves the institutional approval through ProjectCommands inside an explicit transaction, then commits or rolls
    // back; returns the instance and its committed version before.
    private static async Task<(Guid Instance, int VersionBefore)> InTransactionAsync(ApiFactory api, Guid project, Actor by, bool commit)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
        var site = await db.SiteProjects.AsNoTracking().SingleAsync(p => p.Id == project);
        var before = await db.Events.CountAsync(e => e.StreamId == site.WorkflowInstanceId);
        await using var transaction = await db.Database.BeginTransactionAsync();
        var result = await scope.ServiceProvider.GetRequiredService<ProjectCommands>().RunAsync(site, "record-decision",
            new CompleteTask(Guid.CreateVersion7(), site.WorkflowInstanceId, null, by, "institutional-approval", "approve", Round: 1),
            "approve", "in a transaction", CancellationToken.None);
        Assert.True(result.IsAccepted && !result.IsRepeat, result.Refusal?.Message);
        if (commit)
        {
            await transaction.CommitAsync();
        }
        else
        {
            await transaction.RollbackAsync();
        }

        return (site.WorkflowInstanceId, before);
    }
}
