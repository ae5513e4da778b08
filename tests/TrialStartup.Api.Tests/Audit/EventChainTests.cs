namespace TrialStartup.Api.Tests.Audit;

using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Data;
using TrialStartup.Data.Chains;
using TrialStartup.Data.Events;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// Issue 18's first slice: every event is a link of its stream's hash chain, and <c>audit verify</c> finds a row changed,
/// deleted or swapped with SQL. Each test has a host of its own, since it tampers with the database.
/// </summary>
public sealed class EventChainTests
{
    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Verify_AfterAJourneyThroughTheApi_IsIntactAndTheCommandExits0(string database)
    {
        await using var api = ChainSteps.HostOn(database);
        var (_, stream) = await ReviewedProjectAsync(api);

        var report = await ChainSteps.VerifyAsync(api);

        Assert.True(report.IsIntact, report.ToString());
        Assert.True(report.LinksIn(ChainTables.Events) >= 5 && report.Tables.Single(t => t.Table == ChainTables.Events).Chains >= 1, report.ToString());
        var hashes = await api.WithDbAsync(db => db.Events.Where(e => e.StreamId == stream).OrderBy(e => e.Version).Select(e => e.Hash).ToListAsync());
        Assert.All(hashes, h => Assert.Matches("^[0-9a-f]{64}$", h));
        Assert.Equal(hashes.Count, hashes.Distinct().Count());
        var (exit, printed) = await ChainSteps.RunCommandAsync(api);
        Assert.Equal(0, exit);
        Assert.StartsWith("OK: ", printed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Verify_WhenOneEventsDataIsChangedWithSql_NamesThatStreamAndVersion_AndTheCommandExits1(string database)
    {
        await using var api = ChainSteps.HostOn(database);
        var (_, stream) = await ReviewedProjectAsync(api);

        await api.WithDbAsync(db => db.Events.Where(e => e.StreamId == stream && e.Version == 4).ExecuteUpdateAsync(s => s.SetProperty(e => e.Data, e => e.Data + " ")));

        var broken = Assert.IsType<ChainBreak>((await ChainSteps.VerifyAsync(api)).Broken);
        Assert.Equal((ChainTables.Events, stream.ToString(), 4L, ChainBreak.Altered), (broken.Table, broken.Chain, broken.Sequence, broken.Kind));
        Assert.NotEqual(broken.ExpectedHash, broken.FoundHash);
        var (exit, printed) = await ChainSteps.RunCommandAsync(api);
        Assert.Equal(1, exit);
        Assert.Contains($"chain {stream}, link 4 was altered", printed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Verify_WhenAnEventIsDeleted_NamesTheGap(string database)
    {
        await using var api = ChainSteps.HostOn(database);
        var (_, stream) = await ReviewedProjectAsync(api);

        await api.WithDbAsync(db => db.Events.Where(e => e.StreamId == stream && e.Version == 3).ExecuteDeleteAsync());

        var broken = Assert.IsType<ChainBreak>((await ChainSteps.VerifyAsync(api)).Broken);
        Assert.Equal((stream.ToString(), 3L, ChainBreak.Missing), (broken.Chain, broken.Sequence, broken.Kind));
        Assert.Contains("link 3 is missing", broken.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Verify_WhenTwoEventsSwapTheirData_FindsTheFirst(string database)
    {
        await using var api = ChainSteps.HostOn(database);
        var (_, stream) = await ReviewedProjectAsync(api);
        var (second, third) = await api.WithDbAsync(async db =>
        {
            var rows = await db.Events.Where(e => e.StreamId == stream && (e.Version == 2 || e.Version == 3)).OrderBy(e => e.Version).ToListAsync();
            return (rows[0].Data, rows[1].Data);
        });

        await api.WithDbAsync(async db =>
        {
            await db.Events.Where(e => e.StreamId == stream && e.Version == 2).ExecuteUpdateAsync(s => s.SetProperty(e => e.Data, third));
            return await db.Events.Where(e => e.StreamId == stream && e.Version == 3).ExecuteUpdateAsync(s => s.SetProperty(e => e.Data, second));
        });

        var broken = Assert.IsType<ChainBreak>((await ChainSteps.VerifyAsync(api)).Broken);
        Assert.Equal((stream.ToString(), 2L, ChainBreak.Altered), (broken.Chain, broken.Sequence, broken.Kind));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Decide_TwiceConcurrentlyOnOneTask_KeepsEveryChainValid(string database)
    {
        await using var api = ChainSteps.HostOn(database);
        var first = api.ClientFor(DemoIds.Shanghai, Roles.ApprovalOffice, person: "reviewer-a");
        var second = api.ClientFor(DemoIds.Shanghai, Roles.ApprovalOffice, person: "reviewer-b");

        var conflicts = 0;
        for (var round = 0; round < 5; round++)
        {
            var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
            var version = await Reviewing.VersionAsync(api, project, DemoIds.Shanghai);
            var responses = await Task.WhenAll(
                first.PostAsJsonAsync(Reviewing.DecisionsOf(project), Reviewing.Body("institutional-approval", "approve", version)),
                second.PostAsJsonAsync(Reviewing.DecisionsOf(project), Reviewing.Body("institutional-approval", "approve", version)));
            conflicts += responses.Count(r => r.StatusCode == HttpStatusCode.Conflict);

            // The loser's next command goes on from the winner's head, whichever process cache or query it comes from.
            await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.EthicsCommittee, "ethics-review", "approve", reviewType: "full-board");
        }

        Assert.Equal(5, conflicts);
        var report = await ChainSteps.VerifyAsync(api);
        Assert.True(report.IsIntact, report.ToString());
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Backfill_OfEventsWrittenBeforeTheChains_LinksThemOnceAndTheStreamGoesOn(string database)
    {
        await using var api = ChainSteps.HostOn(database);
        var (project, stream) = await ReviewedProjectAsync(api);
        var before = await api.WithDbAsync(db => db.Events.Where(e => e.StreamId == stream).OrderBy(e => e.Version).Select(e => e.Hash).ToListAsync());

        // As a database migrated from before the chains: the stream's rows have no hash.
        await api.WithDbAsync(db => db.Events.Where(e => e.StreamId == stream).ExecuteUpdateAsync(s => s.SetProperty(e => e.Hash, (string?)null)));
        Assert.Equal((stream.ToString(), 1L, ChainBreak.Unlinked), await api.WithDbAsync(async db =>
        {
            var broken = (await new ChainVerifier(db).VerifyAsync()).Broken!;
            return (broken.Chain, broken.Sequence, broken.Kind);
        }));

        Assert.Equal(before.Count, await BackfillAsync(api));
        Assert.Equal(0, await BackfillAsync(api));
        Assert.Equal(before, await api.WithDbAsync(db => db.Events.Where(e => e.StreamId == stream).OrderBy(e => e.Version).Select(e => e.Hash).ToListAsync()));
        await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.ApprovalOffice, "institutional-approval", "approve");
        var report = await ChainSteps.VerifyAsync(api);
        Assert.True(report.IsIntact, report.ToString());
    }

    // A submitted project with its intake complete and one review decided: a stream of several events.
    private static async Task<(Guid Project, Guid Stream)> ReviewedProjectAsync(ApiFactory api)
    {
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
        await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.ContractOffice, "contract-review", "agreed");
        var stream = await api.WithDbAsync(db => db.SiteProjects.Where(p => p.Id == project).Select(p => p.WorkflowInstanceId).SingleAsync());
        return (project, stream);
    }

    private static Task<int> BackfillAsync(ApiFactory api) => api.WithDbAsync(db => new ChainBackfill(db, TimeProvider.System).RunAsync());
}
