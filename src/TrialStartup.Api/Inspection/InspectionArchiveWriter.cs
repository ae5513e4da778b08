namespace TrialStartup.Api.Inspection;

using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Dossier;
using TrialStartup.Api.Dossier.Storage;
using TrialStartup.Api.Audit;
using TrialStartup.Data;
using TrialStartup.Data.Chains;
using TrialStartup.Data.Decisions;
using TrialStartup.Data.Dossier;
using TrialStartup.Data.Events;
using TrialStartup.Data.Inspection;
using TrialStartup.Data.Trials;
using TrialStartup.Messaging.Hosting;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// Writes an inspection archive (<see cref="InspectionArchive"/>) as a zip straight onto a stream: rows are read from the
/// database chain by chain and files from the document store one at a time, each hashed as it is written, so a trial with
/// many sites is never held whole in memory; only the decisions and the dossiers' rows (a few dozen per site) are.
/// </summary>
/// <remarks>
/// Decisions are read before the events: a decision commits with its events, so every event a decision read names is in
/// the events read after it, and the archive never shows a decision linked to an event it does not hold.
/// </remarks>
internal sealed class InspectionArchiveWriter(TrialStartupDbContext db, IDocumentStore store, DefinitionCatalog definitions, HostPaths paths,
    InspectionSummary summary)
{
    // The aliases of the events that say what a project ran on (WorkflowEvent's registered aliases).
    private static readonly HashSet<string> RanOnTypes = new(StringComparer.Ordinal) { "workflow-started", "timer-scheduled", "timer-rescheduled" };

    // The manifest is read by people too.
    private static readonly JsonSerializerOptions IndentedJson = new(InspectionArchive.Json) { WriteIndented = true };

    /// <summary>Writes the archive of <paramref name="export"/> to <paramref name="output"/>.</summary>
    public async Task WriteAsync(Stream output, InspectionExport export, CancellationToken cancellationToken)
    {
        var projects = export.Projects.OrderBy(p => p.Id.ToString("D"), StringComparer.Ordinal).ToList();
        var ids = projects.Select(p => p.Id).ToList();
        var decisions = await db.Decisions.AsNoTracking().Where(d => ids.Contains(d.SiteProjectId)).ToListAsync(cancellationToken);
        var documents = await db.Documents.AsNoTracking().Where(d => ids.Contains(d.SiteProjectId)).ToListAsync(cancellationToken);

        await using var spool = new SpoolingWriteStream(output);
        var zip = await ZipArchive.CreateAsync(spool, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, cancellationToken);
        await using (zip)
        {
            var build = new Build(zip, spool, export.GeneratedAt, cancellationToken);
            var ranOn = await WriteEventsAsync(build, projects, cancellationToken);
            await build.AddRowsAsync(InspectionArchive.DecisionsFile, InspectionArchive.DecisionsTable,
                InChainOrder(decisions, d => d.SiteProjectId, d => d.ChainSequence).Select(DecisionRow));
            await build.AddRowsAsync(InspectionArchive.AuditFile, InspectionArchive.AuditTable, AuditRowsAsync(projects, cancellationToken));
            var documentFiles = export.Documents == ArchiveDocuments.Include
                ? await WriteDocumentFilesAsync(build, documents, cancellationToken)
                : new Dictionary<Guid, string>();
            await build.AddRowsAsync(InspectionArchive.DocumentsFile, InspectionArchive.DocumentsTable,
                InChainOrder(documents, d => d.SiteProjectId, d => d.ChainSequence).Select(d => DocumentRow(d, documentFiles.GetValueOrDefault(d.Id))));
            var definitionFiles = await WriteDefinitionsAsync(build, ranOn);
            var calendarFiles = await WriteCalendarsAsync(build, ranOn);

            var sites = await SummarySitesAsync(projects, decisions, documents, cancellationToken);
            var sponsor = await db.Sponsors.AsNoTracking().SingleOrDefaultAsync(s => s.Id == export.Trial.SponsorId, cancellationToken);
            var html = summary.Render(export, sponsor, sites, definitionFiles, calendarFiles);
            await build.AddAsync(InspectionArchive.SummaryFile, s => s.WriteAsync(Encoding.UTF8.GetBytes(html), cancellationToken).AsTask());

            var manifest = new ArchiveManifest(InspectionArchive.FormatVersion, export.Scope, export.GeneratedAt, export.Author, export.Documents,
                build.Files, build.Heads, definitionFiles, calendarFiles);
            var entry = zip.CreateEntry(InspectionArchive.ManifestFile, CompressionLevel.Optimal);
            entry.LastWriteTime = export.GeneratedAt;
            var stream = await entry.OpenAsync(cancellationToken);
            await using (stream)
            {
                await JsonSerializer.SerializeAsync(stream, manifest, IndentedJson, cancellationToken);
            }
        }

        await spool.DrainAsync(cancellationToken);
    }

    // Rows of site-project chains in the archive's order: by chain key, then sequence (a row not linked yet first).
    private static IEnumerable<T> InChainOrder<T>(IEnumerable<T> rows, Func<T, Guid> project, Func<T, long?> sequence) =>
        rows.OrderBy(r => project(r).ToString("D"), StringComparer.Ordinal).ThenBy(r => sequence(r) ?? 0);

    // Every project's stream, and what its events say it ran on: definitions (id, version, hash) and calendars (id, hash).
    private async Task<RanOn> WriteEventsAsync(Build build, IReadOnlyList<SiteProject> projects, CancellationToken cancellationToken)
    {
        var ranOn = new RanOn();
        await build.AddRowsAsync(InspectionArchive.EventsFile, InspectionArchive.EventsTable, Rows());
        return ranOn;

        async IAsyncEnumerable<ArchiveRow> Rows()
        {
            foreach (var project in projects.OrderBy(p => p.WorkflowInstanceId.ToString("D"), StringComparer.Ordinal))
            {
                string? calendar = null;
                var stream = db.Events.AsNoTracking().Where(e => e.StreamId == project.WorkflowInstanceId).OrderBy(e => e.Version)
                    .AsAsyncEnumerable().WithCancellation(cancellationToken);
                await foreach (var e in stream)
                {
                    // Only the events that name a definition or calendar are read; the rest go into the archive as stored.
                    switch (RanOnTypes.Contains(e.Type) ? WorkflowEventJson.Deserialize(e.Data) : null)
                    {
                        case WorkflowStarted started:
                            calendar = started.CalendarId;
                            ranOn.Definitions.Add((started.DefinitionId, started.DefinitionVersion, started.ContentHash));
                            ranOn.Calendars.Add((started.CalendarId, started.CalendarHash));
                            break;
                        case TimerScheduled { CalendarHash: { } hash } when calendar is not null:
                            ranOn.Calendars.Add((calendar, hash));
                            break;
                        case TimerRescheduled rescheduled when calendar is not null:
                            ranOn.Calendars.Add((calendar, rescheduled.CalendarHash));
                            break;
                    }

                    yield return EventRow(e);
                }
            }
        }
    }

    private async IAsyncEnumerable<ArchiveRow> AuditRowsAsync(IReadOnlyList<SiteProject> projects,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var project in projects)
        {
            var entries = db.Audit.AsNoTracking().Where(a => a.ResourceType == AuditApi.SiteProjectResource && a.ResourceId == project.Id)
                .OrderBy(a => a.ChainSequence).AsAsyncEnumerable();
            await foreach (var a in entries.WithCancellation(cancellationToken))
            {
                yield return new ArchiveRow(InspectionArchive.AuditTable, a.ChainKey, a.ChainSequence ?? 0, a.ChainParts(), a.Hash ?? "", Fields: new Dictionary<string, string?>
                {
                    ["at"] = a.At.ToString("O"), ["actorId"] = a.ActorId, ["actorName"] = a.ActorName, ["role"] = a.Role, ["organisation"] = a.Organisation,
                    ["action"] = a.Action, ["accepted"] = ChainParts.Of(a.Accepted), ["outcome"] = a.Outcome, ["reason"] = a.Reason,
                    ["commandId"] = a.CommandId?.ToString("D"),
                });
            }
        }
    }

    // Each version's file as the store holds it, hashed on the way: a file that no longer matches goes in as found, and the
    // verifier names it. A file missing from the store gets no path, which the verifier reports too.
    private async Task<Dictionary<Guid, string>> WriteDocumentFilesAsync(Build build, IEnumerable<DossierDocument> documents, CancellationToken cancellationToken)
    {
        var written = new Dictionary<Guid, string>();
        foreach (var document in InChainOrder(documents, d => d.SiteProjectId, d => d.ChainSequence))
        {
            var content = StoredNames.IsValid(document.StoredName) ? await store.OpenAsync(document.StoredName, 0, cancellationToken) : null;
            if (content is null)
            {
                continue;
            }

            await using (content)
            {
                var path = $"{InspectionArchive.DocumentsFolder}{document.SiteProjectId:D}/{document.Kind}-v{document.Version}{ContentSniffer.ExtensionOf(document.ContentType) ?? ".bin"}";
                await build.AddAsync(path, target => content.CopyToAsync(target, cancellationToken));
                written[document.Id] = path;
            }
        }

        return written;
    }

    // A definition's file is in the archive when the catalog still holds that version with the recorded hash (published
    // versions never change, so it always does unless the file was removed).
    private async Task<IReadOnlyList<ArchiveSourceFile>> WriteDefinitionsAsync(Build build, RanOn ranOn)
    {
        var listed = new List<ArchiveSourceFile>();
        foreach (var (id, version, hash) in ranOn.Definitions.Order())
        {
            var definition = definitions.All.FirstOrDefault(d => d.Id == id && d.Version == version && d.ContentHash == hash);
            string? path = null;
            if (definition is not null && File.Exists(definition.SourceFile))
            {
                path = $"{InspectionArchive.DefinitionsFolder}{id}.v{version}{Path.GetExtension(definition.SourceFile)}";
                await build.AddTextAsync(path, await File.ReadAllTextAsync(definition.SourceFile));
            }

            listed.Add(new ArchiveSourceFile(id, version, hash, path));
        }

        return listed;
    }

    // A calendar's file is edited in place when a year's holidays are announced, so an older version may no longer be held:
    // it is then named by its hash only.
    private async Task<IReadOnlyList<ArchiveSourceFile>> WriteCalendarsAsync(Build build, RanOn ranOn)
    {
        var folder = Path.Combine(paths.WorkflowsFolder, "calendars");
        var held = new Dictionary<string, (string File, string Text)>(StringComparer.Ordinal);
        if (Directory.Exists(folder))
        {
            foreach (var file in DefinitionCatalog.DefinitionFiles(folder))
            {
                var text = Normalised(await File.ReadAllTextAsync(file));
                held.TryAdd(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text))), (file, text));
            }
        }

        var listed = new List<ArchiveSourceFile>();
        foreach (var (id, hash) in ranOn.Calendars.Order())
        {
            string? path = null;
            if (held.TryGetValue(hash, out var found))
            {
                path = $"{InspectionArchive.CalendarsFolder}{id}.{hash[..12]}{Path.GetExtension(found.File)}";
                await build.AddTextAsync(path, found.Text);
            }

            listed.Add(new ArchiveSourceFile(id, null, hash, path));
        }

        return listed;
    }

    private async Task<IReadOnlyList<SummarySite>> SummarySitesAsync(IReadOnlyList<SiteProject> projects, IReadOnlyList<DecisionRecord> decisions,
        IReadOnlyList<DossierDocument> documents, CancellationToken cancellationToken)
    {
        var ids = projects.Select(p => p.Id).ToList();
        var institutionIds = projects.Select(p => p.InstitutionId).Distinct().ToList();
        var institutions = await db.Institutions.AsNoTracking().Where(i => institutionIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
        var statuses = await db.SiteProjectStatus.AsNoTracking().Where(s => ids.Contains(s.SiteProjectId)).ToDictionaryAsync(s => s.SiteProjectId, cancellationToken);
        var steps = (await db.StepDurations.AsNoTracking().Where(s => ids.Contains(s.SiteProjectId)).ToListAsync(cancellationToken))
            .ToLookup(s => s.SiteProjectId);
        return
        [
            .. projects.OrderBy(p => p.SiteRole).ThenBy(p => institutions.GetValueOrDefault(p.InstitutionId)?.Code, StringComparer.Ordinal).Select(p =>
                new SummarySite(p, institutions.GetValueOrDefault(p.InstitutionId), statuses.GetValueOrDefault(p.Id),
                    [.. steps[p.Id].OrderBy(s => s.OpenedAt).ThenBy(s => s.Id)],
                    [.. decisions.Where(d => d.SiteProjectId == p.Id).OrderBy(d => d.SignedAt)],
                    documents.Count(d => d.SiteProjectId == p.Id))),
        ];
    }

    private static ArchiveRow EventRow(StoredEvent e) =>
        new(InspectionArchive.EventsTable, e.StreamId.ToString("D"), e.Version, EventChain.Parts(e.StreamId, e.Version, e.CommandId, e.Type, e.RecordedAt, e.Data),
            e.Hash ?? "", Fields: new Dictionary<string, string?> { ["type"] = e.Type, ["recordedAt"] = e.RecordedAt.ToString("O"), ["commandId"] = e.CommandId.ToString("D") });

    private static ArchiveRow DecisionRow(DecisionRecord d) =>
        new(InspectionArchive.DecisionsTable, d.ChainKey, d.ChainSequence ?? 0, d.ChainParts(), d.Hash ?? "", Fields: new Dictionary<string, string?>
        {
            ["decisionId"] = d.Id.ToString("D"), ["step"] = d.StepId, ["round"] = ChainParts.Of(d.Round), ["outcome"] = d.Outcome, ["reason"] = d.Reason,
            ["printedName"] = d.PrintedName, ["signatureMeaning"] = d.SignatureMeaning, ["signedAt"] = d.SignedAt.ToString("O"), ["actorId"] = d.ActorId,
            ["role"] = d.ActorRole, ["organisation"] = d.ActorOrganisation, ["coveredDocuments"] = d.CoveredDocuments,
            ["eventStream"] = d.WorkflowInstanceId.ToString("D"), ["eventVersion"] = d.EventVersion is { } v ? ChainParts.Of(v) : null, ["eventHash"] = d.EventHash,
        });

    private static ArchiveRow DocumentRow(DossierDocument d, string? file) =>
        new(InspectionArchive.DocumentsTable, d.ChainKey, d.ChainSequence ?? 0, d.ChainParts(), d.Hash ?? "", file, new Dictionary<string, string?>
        {
            ["documentId"] = d.Id.ToString("D"), ["kind"] = d.Kind, ["version"] = ChainParts.Of(d.Version), ["fileName"] = d.OriginalFileName,
            ["contentType"] = d.ContentType, ["size"] = ChainParts.Of(d.Size), ["sha256"] = d.Sha256, ["uploadedAt"] = d.UploadedAt.ToString("O"),
            ["uploadedBy"] = d.UploadedBy,
        });

    // Definitions and calendars are hashed with \n line endings (FileContentHash), so written that way their bytes hash to the recorded hash.
    private static string Normalised(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    /// <summary>What the exported projects' events say they ran on.</summary>
    private sealed class RanOn
    {
        public SortedSet<(string Id, int Version, string Hash)> Definitions { get; } = [];

        public SortedSet<(string Id, string Hash)> Calendars { get; } = [];
    }

    /// <summary>The zip being written, with every file's size and SHA-256 and every chain's head, for the manifest.</summary>
    private sealed class Build(ZipArchive zip, SpoolingWriteStream spool, DateTimeOffset writtenAt, CancellationToken cancellationToken)
    {
        private static readonly byte[] NewLine = "\n"u8.ToArray();

        public List<ArchiveFile> Files { get; } = [];

        public List<ArchiveChainHead> Heads { get; } = [];

        public async Task AddAsync(string path, Func<Stream, Task> write)
        {
            var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
            entry.LastWriteTime = writtenAt;
            var stream = await entry.OpenAsync(cancellationToken);
            await using (stream)
            {
                using var hashing = new HashingWriteStream(stream);
                await write(hashing);
                Files.Add(new ArchiveFile(path, hashing.Length, hashing.Sha256));
            }

            await spool.DrainAsync(cancellationToken);
        }

        public Task AddTextAsync(string path, string text) =>
            AddAsync(path, s => s.WriteAsync(Encoding.UTF8.GetBytes(Normalised(text)), cancellationToken).AsTask());

        public Task AddRowsAsync(string path, string table, IEnumerable<ArchiveRow> rows) => AddRowsAsync(path, table, rows.ToAsyncEnumerable());

        // One row a line; the last row of each chain is its head.
        public Task AddRowsAsync(string path, string table, IAsyncEnumerable<ArchiveRow> rows) =>
            AddAsync(path, async target =>
            {
                ArchiveRow? last = null;
                await foreach (var row in rows.WithCancellation(cancellationToken))
                {
                    if (last is not null && last.Chain != row.Chain)
                    {
                        Heads.Add(new ArchiveChainHead(table, last.Chain, last.Sequence, last.Hash));
                    }

                    await target.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(row, InspectionArchive.Json), cancellationToken);
                    await target.WriteAsync(NewLine, cancellationToken);
                    last = row;
                }

                if (last is not null)
                {
                    Heads.Add(new ArchiveChainHead(table, last.Chain, last.Sequence, last.Hash));
                }
            });
    }
}
