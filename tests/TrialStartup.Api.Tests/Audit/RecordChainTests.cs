namespace TrialStartup.Api.Tests.Audit;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Tests.Identity.Accounts;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Api.Tests.Webhooks;
using TrialStartup.Data;
using TrialStartup.Data.Accounts;
using TrialStartup.Data.Chains;
using TrialStartup.Data.Decisions;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// Issue 18: the audit trail, the decisions and the document versions are hash chains (one per site project, one per
/// organisation's own audit), linked to each other and anchored by daily checkpoints. Rows are changed, deleted, swapped
/// and whole chains recomputed with SQL, as someone with database access would, and verification must name what changed.
/// Each test has a host of its own, since it tampers with the database.
/// </summary>
public sealed class RecordChainTests
{
    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Verify_AfterAJourney_IsIntact_AndEveryChainedRowIsLinked(string database)
    {
        await using var api = ChainSteps.HostOn(database);
        var project = await ReviewedProjectAsync(api);

        var report = await ChainSteps.VerifyAsync(api);

        Assert.True(report.IsIntact, report.ToString());
        var (audit, decisions, documents) = await api.WithDbAsync(async db => (
            await db.Audit.Where(a => a.ResourceId == project).OrderBy(a => a.ChainSequence).Select(a => a.ChainSequence).ToListAsync(),
            await db.Decisions.Where(d => d.SiteProjectId == project).ToListAsync(),
            await db.Documents.Where(d => d.SiteProjectId == project).OrderBy(d => d.ChainSequence).Select(d => d.ChainSequence).ToListAsync()));
        Assert.Equal(Enumerable.Range(1, audit.Count).Select(i => (long?)i), audit);
        Assert.Equal(Enumerable.Range(1, documents.Count).Select(i => (long?)i), documents);
        Assert.True(audit.Count >= 3 && documents.Count >= 3 && decisions.Count >= 2, $"{audit.Count} audit, {documents.Count} documents, {decisions.Count} decisions");

        // 21 CFR 11.70: each signature's record is linked to the event its decision produced, by that event's hash.
        foreach (var decision in decisions)
        {
            var produced = await api.WithDbAsync(db => db.Events.SingleAsync(e => e.StreamId == decision.WorkflowInstanceId && e.Version == decision.EventVersion));
            Assert.Equal((decision.CommandId, produced.Hash), (produced.CommandId, decision.EventHash));
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Verify_WhenOneAuditEntrysReasonIsChangedWithSql_NamesThatEntry_AndTheCommandExits1(string database)
    {
        await using var api = ChainSteps.HostOn(database);
        var project = await ReviewedProjectAsync(api);

        await api.WithDbAsync(db => db.Audit.Where(a => a.ResourceId == project && a.ChainSequence == 2)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Reason, "nothing to see here")));

        var broken = Assert.IsType<ChainBreak>((await ChainSteps.VerifyAsync(api)).Broken);
        Assert.Equal((ChainTables.Audit, $"site-project/{project}", 2L, ChainBreak.Altered), (broken.Table, broken.Chain, broken.Sequence, broken.Kind));
        var (exit, printed) = await ChainSteps.RunCommandAsync(api, "verify");
        Assert.Equal(1, exit);
        Assert.Contains($"Audit, chain site-project/{project}, link 2 was altered", printed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Verify_WhenAnAuditEntryIsDeleted_NamesTheGap_AndWhenTheLastIsDeleted_TheCheckpointShowsIt(string database)
    {
        await using var api = ChainSteps.HostOn(database);
        var project = await ReviewedProjectAsync(api);
        var last = await api.WithDbAsync(db => db.Audit.Where(a => a.ResourceId == project).MaxAsync(a => a.ChainSequence!.Value));
        await CheckpointAsync(api);

        await api.WithDbAsync(db => db.Audit.Where(a => a.ResourceId == project && a.ChainSequence == 2).ExecuteDeleteAsync());
        var gap = Assert.IsType<ChainBreak>((await ChainSteps.VerifyAsync(api)).Broken);
        await api.WithDbAsync(db => db.Audit.Where(a => a.ResourceId == project && a.ChainSequence >= 2).ExecuteDeleteAsync());
        var truncated = Assert.IsType<ChainBreak>((await ChainSteps.VerifyAsync(api)).Broken);

        Assert.Equal(($"site-project/{project}", last, ChainBreak.Truncated), (truncated.Chain, truncated.Sequence, truncated.Kind));
        Assert.Equal(($"site-project/{project}", 2L, ChainBreak.Missing), (gap.Chain, gap.Sequence, gap.Kind));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Verify_WhenTwoAuditEntriesAreReordered_FindsTheFirst(string database)
    {
        await using var api = ChainSteps.HostOn(database);
        var project = await ReviewedProjectAsync(api);

        // Entries 2 and 3 trade places, hashes and all: each row is intact on its own, but no longer follows its predecessor.
        await api.WithDbAsync(async db =>
        {
            var audit = db.Audit.Where(a => a.ResourceId == project);
            await audit.Where(a => a.ChainSequence == 2).ExecuteUpdateAsync(s => s.SetProperty(a => a.ChainSequence, -2));
            await audit.Where(a => a.ChainSequence == 3).ExecuteUpdateAsync(s => s.SetProperty(a => a.ChainSequence, 2));
            return await audit.Where(a => a.ChainSequence == -2).ExecuteUpdateAsync(s => s.SetProperty(a => a.ChainSequence, 3));
        });

        var broken = Assert.IsType<ChainBreak>((await ChainSteps.VerifyAsync(api)).Broken);
        Assert.Equal(($"site-project/{project}", 2L, ChainBreak.Altered), (broken.Chain, broken.Sequence, broken.Kind));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Verify_WhenAWholeChainIsRewrittenConsistently_TheDaysCheckpointShowsIt_AndARewriteOfTheCheckpointsTooTheExportedAnchor(string database)
    {
        await using var api = ChainSteps.HostOn(database);
        var project = await ReviewedProjectAsync(api);
        var anchor = (await CheckpointAsync(api)).Hash;
        var head = await api.WithDbAsync(db => db.Audit.Where(a => a.ResourceId == project).MaxAsync(a => a.ChainSequence!.Value));

        // A reason changed, then every later link recomputed: each link holds, but not the head the checkpoint recorded.
        await api.WithDbAsync(db => db.Audit.Where(a => a.ResourceId == project && a.ChainSequence == 1)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Reason, "rewritten")));
        await RelinkAsync(api, db => db.Audit.Where(a => a.ResourceId == project).OrderBy(a => a.ChainSequence));
        var rewritten = Assert.IsType<ChainBreak>((await ChainSteps.VerifyAsync(api)).Broken);

        // The rewriter recomputes the checkpoints too: only the hash kept outside the database shows it now.
        await api.WithDbAsync(async db =>
        {
            var checkpoint = await db.ChainCheckpoints.SingleAsync();
            await db.ChainCheckpointHeads.Where(h => h.Table == ChainTables.Audit && h.Chain == $"site-project/{project}")
                .ExecuteUpdateAsync(s => s.SetProperty(h => h.Hash, db.Audit.Where(a => a.ResourceId == project && a.ChainSequence == head).Select(a => a.Hash).Single()));
            var heads = await db.ChainCheckpointHeads.Where(h => h.Checkpoint == checkpoint.Sequence).ToListAsync();
            var forged = new ChainCheckpoint(checkpoint.Sequence, checkpoint.Day, checkpoint.TakenAt, checkpoint.Heads, ChainCheckpoints.Digest(heads),
                checkpoint.Intact, checkpoint.Verification, ChainHash.Genesis);
            return await db.ChainCheckpoints.ExecuteUpdateAsync(s => s.SetProperty(c => c.HeadsDigest, forged.HeadsDigest).SetProperty(c => c.Hash, forged.Hash));
        });
        var forgedReport = await ChainSteps.VerifyAsync(api);
        var anchored = Assert.IsType<ChainBreak>((await api.WithDbAsync(db => new ChainVerifier(db).VerifyAsync(anchor))).Broken);

        Assert.Equal((ChainTables.Audit, $"site-project/{project}", head, ChainBreak.Rewritten), (rewritten.Table, rewritten.Chain, rewritten.Sequence, rewritten.Kind));
        Assert.True(forgedReport.IsIntact, forgedReport.ToString());
        Assert.Equal((ChainTables.Checkpoints, ChainBreak.AnchorNotFound, anchor), (anchored.Table, anchored.Kind, anchored.ExpectedHash));
        var (exit, printed) = await ChainSteps.RunCommandAsync(api, "verify", "--anchor", anchor);
        Assert.Equal((1, true), (exit, printed.Contains($"no checkpoint has the hash {anchor}", StringComparison.Ordinal)));
        Assert.Equal(2, (await ChainSteps.RunCommandAsync(api, "verify", "--anchor", "not-a-hash")).Exit);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Verify_WhenTheEventADecisionProducedIsRewrittenWithItsStream_NamesTheDecision(string database)
    {
        await using var api = ChainSteps.HostOn(database);
        var project = await ReviewedProjectAsync(api);
        var decision = await api.WithDbAsync(db => db.Decisions.Where(d => d.SiteProjectId == project && d.StepId == "contract-review").SingleAsync());

        await api.WithDbAsync(db => db.Events.Where(e => e.StreamId == decision.WorkflowInstanceId && e.Version == decision.EventVersion)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Data, e => e.Data.Replace("agreed", "refused"))));
        await api.WithDbAsync(async db =>
        {
            var previous = ChainHash.Genesis;
            foreach (var e in await db.Events.Where(e => e.StreamId == decision.WorkflowInstanceId).OrderBy(e => e.Version).ToListAsync())
            {
                e.Chain(previous);
                previous = e.Hash!;
            }

            return await db.SaveChangesAsync();
        });

        var broken = Assert.IsType<ChainBreak>((await ChainSteps.VerifyAsync(api)).Broken);
        Assert.Equal((ChainTables.Decisions, $"site-project/{project}", decision.ChainSequence!.Value, ChainBreak.EventMismatch, decision.EventHash),
            (broken.Table, broken.Chain, broken.Sequence, broken.Kind, broken.ExpectedHash));
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Verify_WhenADocumentVersionADecisionCoveredIsRewrittenWithItsChain_NamesTheDecision(string database)
    {
        await using var api = ChainSteps.HostOn(database);
        var project = await ReviewedProjectAsync(api);
        var decision = await api.WithDbAsync(db => db.Decisions.Where(d => d.SiteProjectId == project).OrderBy(d => d.ChainSequence).FirstAsync());
        var covered = JsonSerializer.Deserialize<List<CoveredDocument>>(decision.CoveredDocuments, JsonSerializerOptions.Web)![0];

        // Another file put in its place, and the project's chain of documents recomputed to match.
        await api.WithDbAsync(db => db.Documents.Where(d => d.SiteProjectId == project && d.Kind == covered.Kind && d.Version == covered.Version)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Sha256, new string('e', 64))));
        await RelinkAsync(api, db => db.Documents.Where(d => d.SiteProjectId == project).OrderBy(d => d.ChainSequence));

        var broken = Assert.IsType<ChainBreak>((await ChainSteps.VerifyAsync(api)).Broken);
        Assert.Equal((ChainTables.Decisions, decision.ChainSequence!.Value, ChainBreak.DocumentMismatch), (broken.Table, broken.Sequence, broken.Kind));
        Assert.Contains(covered.Sha256, broken.ExpectedHash, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task EightAdministratorsWritingOneOrganisationsAuditAtOnce_AllSucceed_AndKeepOneValidChain(string database)
    {
        await using var api = ChainSteps.HostOn(database);
        var organisation = await api.WithDbAsync(db => db.Institutions.Where(i => i.Code == DemoIds.Shanghai).Select(i => i.Id).SingleAsync());
        var admins = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => AccountSteps.DemoAdminAsync(api, DemoIds.Shanghai)));
        var before = await api.WithDbAsync(db => db.Audit.CountAsync(a => a.ResourceId == organisation));

        var invitations = await Task.WhenAll(admins.Select((admin, i) => AccountSteps.PostAsync(admin, "/api/v1/organisation/people",
            new { email = $"writer-{i}-{Guid.NewGuid():N}@shanghai.test", name = $"Writer {i}", roles = new[] { Roles.SiteOffice } })));

        Assert.All(invitations, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var sequences = await api.WithDbAsync(db => db.Audit.Where(a => a.ResourceId == organisation).OrderBy(a => a.ChainSequence)
            .Select(a => a.ChainSequence).ToListAsync());
        Assert.Equal(Enumerable.Range(1, before + 8).Select(i => (long?)i), sequences);
        var report = await ChainSteps.VerifyAsync(api);
        Assert.True(report.IsIntact, report.ToString());
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Backfill_OfAuditDecisionsAndDocumentsWrittenBeforeTheChains_LinksThemAsTheyWere_AndTheAuditTrailSaysSo(string database)
    {
        await using var api = ChainSteps.HostOn(database);
        var project = await ReviewedProjectAsync(api);
        var before = await ProjectLinksAsync(api, project);

        // As a database migrated from before the chains: the project's rows have neither sequence nor hash.
        await api.WithDbAsync(async db =>
        {
            await db.Audit.Where(a => a.ResourceId == project).ExecuteUpdateAsync(s => s.SetProperty(a => a.ChainSequence, (long?)null).SetProperty(a => a.Hash, (string?)null));
            await db.Documents.Where(d => d.SiteProjectId == project).ExecuteUpdateAsync(s => s.SetProperty(d => d.ChainSequence, (long?)null).SetProperty(d => d.Hash, (string?)null));
            return await db.Decisions.Where(d => d.SiteProjectId == project).ExecuteUpdateAsync(s => s.SetProperty(d => d.ChainSequence, (long?)null)
                .SetProperty(d => d.Hash, (string?)null).SetProperty(d => d.EventVersion, (long?)null).SetProperty(d => d.EventHash, (string?)null));
        });
        var unlinked = Assert.IsType<ChainBreak>((await ChainSteps.VerifyAsync(api)).Broken);

        Assert.Equal(before.Count, await api.WithDbAsync(db => new ChainBackfill(db, TimeProvider.System).RunAsync()));
        Assert.Equal(0, await api.WithDbAsync(db => new ChainBackfill(db, TimeProvider.System).RunAsync()));
        Assert.Equal(ChainBreak.Unlinked, unlinked.Kind);
        Assert.Equal(before, await ProjectLinksAsync(api, project));
        var report = await ChainSteps.VerifyAsync(api);
        Assert.True(report.IsIntact, report.ToString());
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Checkpoints_AreOneADay_RecordOnlyTheChainsThatMoved_AndAreAChainOfTheirOwn(string database)
    {
        await using var api = ChainSteps.HostOn(database);
        var project = await ReviewedProjectAsync(api);
        var clock = new ManualClock(DateTimeOffset.UtcNow);

        var (first, recorded) = await api.WithDbAsync(db => new ChainCheckpoints(db, clock).RecordTodayAsync());
        var (again, recordedAgain) = await api.WithDbAsync(db => new ChainCheckpoints(db, clock).RecordTodayAsync());
        clock.Advance(TimeSpan.FromDays(1));
        var (quietDay, _) = await api.WithDbAsync(db => new ChainCheckpoints(db, clock).RecordTodayAsync());
        await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.ApprovalOffice, "institutional-approval", "approve");
        clock.Advance(TimeSpan.FromDays(1));
        var (busyDay, _) = await api.WithDbAsync(db => new ChainCheckpoints(db, clock).RecordTodayAsync());

        Assert.Equal((true, false, first.Hash), (recorded, recordedAgain, again.Hash));
        Assert.True(first.Intact && first.Heads > 3, first.Verification);
        Assert.Equal((2L, 0), (quietDay.Sequence, quietDay.Heads));
        var moved = await api.WithDbAsync(db => db.ChainCheckpointHeads.Where(h => h.Checkpoint == busyDay.Sequence).Select(h => h.Table).ToListAsync());
        Assert.Equal([ChainTables.Audit, ChainTables.Decisions, ChainTables.Events], moved.Order(StringComparer.Ordinal));
        Assert.Equal(ChainHash.Link(quietDay.Hash, busyDay.Parts()), busyDay.Hash);
        var report = await ChainSteps.VerifyAsync(api);
        Assert.True(report.IsIntact && report.LinksIn(ChainTables.Checkpoints) == 3, report.ToString());
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task TheAdministratorEndpoints_VerifyAndCheckpointForPlatformAdministratorsOnly_AndAreAudited(string database)
    {
        await using var api = ChainSteps.HostOn(database);
        var project = await ReviewedProjectAsync(api);
        var platform = await AccountSteps.PlatformAdminAsync(api);
        var institutionAdmin = await AccountSteps.DemoAdminAsync(api, DemoIds.Shanghai);

        var forbidden = await institutionAdmin.PostAsync(new Uri("/api/v1/audit/verification", UriKind.Relative), null);
        var intact = await (await platform.PostAsync(new Uri("/api/v1/audit/verification", UriKind.Relative), null)).JsonAsync();
        var checkpoint = await (await platform.PostAsync(new Uri("/api/v1/audit/checkpoints", UriKind.Relative), null)).JsonAsync();
        await api.WithDbAsync(db => db.Audit.Where(a => a.ResourceId == project && a.ChainSequence == 1).ExecuteUpdateAsync(s => s.SetProperty(a => a.Outcome, "x")));
        var broken = await (await platform.PostAsync(new Uri("/api/v1/audit/verification", UriKind.Relative), null)).JsonAsync();
        var badAnchor = await platform.PostAsync(new Uri("/api/v1/audit/verification?anchor=abc", UriKind.Relative), null);
        var listed = await AccountSteps.GetJsonAsync(platform, "/api/v1/audit/checkpoints");

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.True(intact.GetProperty("intact").GetBoolean(), intact.ToString());
        Assert.Matches("^[0-9a-f]{64}$", checkpoint.Text("hash"));
        Assert.False(broken.GetProperty("intact").GetBoolean());
        Assert.Equal(($"site-project/{project}", "altered"), (broken.GetProperty("broken").Text("chain"), broken.GetProperty("broken").Text("kind")));
        await AccountSteps.InvalidAsync(badAnchor, "anchor");
        Assert.Equal(checkpoint.Text("hash"), Assert.Single(listed.EnumerateArray()).Text("hash"));
        var audited = await api.WithDbAsync(db => db.Audit.Where(a => a.ResourceType == "chains").OrderBy(a => a.Id).Select(a => a.Action + ":" + a.Outcome).ToListAsync());
        Assert.Equal(["verify-chains:intact", "record-chain-checkpoint:intact", "verify-chains:broken"], audited);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task TheHost_RecordsTheDaysCheckpoint_PrintsItsHashInTheLog_AndPostsItSignedOutsideTheDatabase(string database)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var secret = "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        receiver.Expect("anchors", secret);
        await using var api = new ObservedApiFactory(database, DateTimeOffset.UtcNow, settings: new Dictionary<string, string>
        {
            ["TrialStartup:Audit:RecordCheckpoints"] = "true",
            ["TrialStartup:Audit:CheckpointExportUrl"] = receiver.Url("anchors"),
            ["TrialStartup:Audit:CheckpointExportSecret"] = secret,
        });
        _ = api.Server;

        var checkpoint = await Eventually.ValueAsync(() => api.WithDbAsync(db => db.ChainCheckpoints.SingleOrDefaultAsync()), c => c is not null,
            "the day's checkpoint", TimeSpan.FromSeconds(30));
        var posted = await Eventually.ValueAsync(() => Task.FromResult(receiver.EventsOf("anchors")), e => e.Count > 0,
            $"the checkpoint posted to the receiver; the host's log:\n{api.Log.Tail()}", TimeSpan.FromSeconds(10));

        Assert.True(checkpoint!.Intact, checkpoint.Verification);
        // The day as an operator reads it anywhere (2026-12-04), not in the invariant culture's month-first form.
        var day = checkpoint.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(api.Log.Entries.Any(e => e.Message.Contains($"Chain checkpoint {checkpoint.Sequence} of {day}: hash {checkpoint.Hash}",
            StringComparison.Ordinal)), api.Log.Tail());
        var export = Assert.Single(posted);
        Assert.Equal(("audit.checkpoint", checkpoint.Hash, checkpoint.Sequence), (export.Type, export.Data.Text("hash"), export.Data.GetProperty("sequence").GetInt64()));
        Assert.Equal(0, receiver.BadSignatures);
    }

    // A submitted project with its dossier, intake complete and one review decided: several audit entries, documents, decisions.
    private static async Task<Guid> ReviewedProjectAsync(ApiFactory api)
    {
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
        await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.ContractOffice, "contract-review", "agreed");
        return project;
    }

    private static async Task<ChainCheckpoint> CheckpointAsync(ApiFactory api) =>
        (await api.WithDbAsync(db => new ChainCheckpoints(db, TimeProvider.System).RecordTodayAsync())).Checkpoint;

    // Recomputes every link of one chain from its rows as they now are, as a rewriter with database access would.
    private static Task<int> RelinkAsync<T>(ApiFactory api, Func<TrialStartupDbContext, IQueryable<T>> chain)
        where T : class, IChainedRow => api.WithDbAsync(async db =>
    {
        var previous = ChainHash.Genesis;
        foreach (var row in await chain(db).ToListAsync())
        {
            row.Link(row.ChainSequence!.Value, previous);
            previous = row.Hash!;
        }

        return await db.SaveChangesAsync();
    });

    // Every chained row of the project as (table, sequence, hash), in order.
    private static Task<List<string>> ProjectLinksAsync(ApiFactory api, Guid project) => api.WithDbAsync(async db =>
    {
        var audit = await db.Audit.Where(a => a.ResourceId == project).OrderBy(a => a.ChainSequence).Select(a => $"audit {a.ChainSequence} {a.Hash}").ToListAsync();
        // (The journey puts the dossier in with one save, all at one millisecond: their order is not there to recover, only their links.)
        var documents = await db.Documents.Where(d => d.SiteProjectId == project).OrderBy(d => d.ChainSequence).Select(d => $"document {d.ChainSequence}").ToListAsync();
        var decisions = await db.Decisions.Where(d => d.SiteProjectId == project).OrderBy(d => d.ChainSequence)
            .Select(d => $"decision {d.ChainSequence} {d.EventVersion} {d.Hash}").ToListAsync();
        return (List<string>)[.. audit, .. documents, .. decisions];
    });
}
