namespace TrialStartup.Api.Tests.Inspection;

using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TrialStartup.Data.Audit;
using TrialStartup.Data.Chains;
using TrialStartup.Data.Decisions;
using TrialStartup.Data.Dossier;
using TrialStartup.Data.Events;
using TrialStartup.Data.Inspection;

/// <summary>
/// <see cref="ArchiveVerifier"/> on archives made here, without a host: what each kind of change to an archive looks like
/// to it. (The export's own archives are checked in <see cref="InspectionArchiveTests"/>.)
/// </summary>
public sealed class ArchiveVerifierTests
{
    private static readonly Guid Project = Guid.CreateVersion7();
    private static readonly Guid Stream = Guid.CreateVersion7();
    private static readonly DateTimeOffset At = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid DecisionId = Guid.CreateVersion7();

    [Fact]
    public void Verify_OfAConsistentArchive_IsIntactWithItsCounts()
    {
        var report = ArchiveVerifier.Verify(new Archive().Zip());

        Assert.True(report.IsIntact, report.ToString());
        Assert.Equal((2L, 3L, 1L, 0L), (report.Events, report.AuditEntries, report.Decisions, report.Documents));
        Assert.StartsWith("OK: 6 files match the manifest; 3 chains intact", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_WhenAnAuditRowIsRemovedAndTheManifestFollows_NamesTheMissingSequence()
    {
        var archive = new Archive();
        archive.Audit.RemoveAt(1);

        var problem = ArchiveVerifier.Verify(archive.Zip()).Problem!;

        Assert.Equal((InspectionArchive.AuditFile, $"site-project/{Project}", 3L), (problem.File, problem.Chain, problem.Sequence));
        Assert.Equal("sequence 2 is missing", problem.What);
    }

    [Fact]
    public void Verify_WhenTheLastRowIsRemovedAndOnlyTheFileHashFollows_FailsAtTheManifestsHead()
    {
        var archive = new Archive();
        var heads = archive.Heads();
        archive.Audit.RemoveAt(2);

        var problem = ArchiveVerifier.Verify(archive.Zip(heads)).Problem!;

        Assert.Equal((InspectionArchive.AuditFile, 2L), (problem.File, problem.Sequence));
        Assert.Equal("the chain does not end at the manifest's head", problem.What);
    }

    [Fact]
    public void Verify_WhenAFileIsAddedOrMissing_NamesIt()
    {
        Assert.Equal(("notes.txt", "is not listed in the manifest"),
            Named(ArchiveVerifier.Verify(new Archive { Extra = ("notes.txt", "hello"u8.ToArray()) }.Zip()).Problem!));
        Assert.Equal((InspectionArchive.SummaryFile, "is listed in the manifest but missing from the archive"),
            Named(ArchiveVerifier.Verify(new Archive { DropSummaryAfterListing = true }.Zip()).Problem!));
    }

    [Fact]
    public void Verify_WhenADecisionNamesAnEventTheArchiveDoesNotHold_NamesTheDecision()
    {
        var archive = new Archive { DecidedEventVersion = 9 };

        var problem = ArchiveVerifier.Verify(archive.Zip()).Problem!;

        Assert.Equal((InspectionArchive.DecisionsFile, $"site-project/{Project}", 1L), (problem.File, problem.Chain, problem.Sequence));
        Assert.Contains($"(stream {Stream}, version 9) is not in events.jsonl", problem.What, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_WhenADecisionCoveredADocumentVersionTheArchiveDoesNotHold_NamesTheDecision()
    {
        var archive = new Archive { Covered = $"[{{\"kind\":\"protocol\",\"version\":1,\"sha256\":\"{new string('c', 64)}\"}}]" };

        var problem = ArchiveVerifier.Verify(archive.Zip()).Problem!;

        Assert.Equal((InspectionArchive.DecisionsFile, 1L), (problem.File, problem.Sequence));
        Assert.Equal("the decision covered protocol version 1, which documents.jsonl does not hold", problem.What);
    }

    [Fact]
    public void Verify_OfSomethingElse_SaysItIsNotAnInspectionArchive()
    {
        Assert.Contains("not a readable zip", ArchiveVerifier.Verify(new MemoryStream("not a zip"u8.ToArray())).ToString(), StringComparison.Ordinal);
        using var empty = new MemoryStream();
        using (new ZipArchive(empty, ZipArchiveMode.Create, leaveOpen: true))
        {
        }

        empty.Position = 0;
        Assert.Equal("BROKEN: manifest.json: missing: this is not an inspection archive", ArchiveVerifier.Verify(empty).ToString());
    }

    [Fact]
    public void PartPositions_AreWhereTheRowsPutThoseColumns()
    {
        var decision = new DecisionRecord(Guid.NewGuid(), Project, Stream, "ethics-review", 1, "approve", null, "Li Lei", "approved as chair", At, "actor",
            "ethics-committee", "bj-lead", Guid.NewGuid(), "[]");
        decision.LinkEvent(7, new string('e', 64));
        decision.Link(1, ChainHash.Genesis);
        var document = new DossierDocument(Guid.NewGuid(), Project, "protocol", 1, "p.pdf", "stored", "application/pdf", 1234, new string('d', 64), At, "someone");
        document.Link(1, ChainHash.Genesis);

        var parts = decision.ChainParts();
        Assert.Equal("[]", parts[ArchivePartPositions.DecisionCoveredDocuments]);
        Assert.Equal(("protocol", "1"), (document.ChainParts()[ArchivePartPositions.DocumentKind], document.ChainParts()[ArchivePartPositions.DocumentVersion]));
        Assert.Equal((Stream.ToString("D"), "7", new string('e', 64)), (parts[ArchivePartPositions.DecisionStream],
            parts[ArchivePartPositions.DecisionEventVersion], parts[ArchivePartPositions.DecisionEventHash]));
        Assert.Equal((decision.ChainKey, "1"), (parts[ArchivePartPositions.Chain], parts[ArchivePartPositions.Sequence]));
        Assert.Equal(("1234", new string('d', 64)), (document.ChainParts()[ArchivePartPositions.DocumentSize], document.ChainParts()[ArchivePartPositions.DocumentSha256]));
    }

    private static (string, string) Named(ArchiveProblem problem) => (problem.File, problem.What);

    /// <summary>A small archive as the export lays it out: a stream of two events, an audit chain of three, one decision.</summary>
    private sealed class Archive
    {
        public List<ArchiveRow> Events { get; } = [];

        public List<ArchiveRow> Audit { get; } = [];

        public long DecidedEventVersion { get; init; } = 2;

        public string Covered { get; init; } = "[]";

        public (string Path, byte[] Bytes)? Extra { get; init; }

        public bool DropSummaryAfterListing { get; init; }

        public Archive()
        {
            var previous = ChainHash.Genesis;
            for (var version = 1; version <= 2; version++)
            {
                var e = new StoredEvent(Stream, version, Guid.NewGuid(), "task-completed", $"{{\"n\":{version}}}", At, previous);
                Events.Add(new ArchiveRow(InspectionArchive.EventsTable, Stream.ToString("D"), version,
                    EventChain.Parts(e.StreamId, e.Version, e.CommandId, e.Type, e.RecordedAt, e.Data), e.Hash!));
                previous = e.Hash!;
            }

            previous = ChainHash.Genesis;
            for (var sequence = 1; sequence <= 3; sequence++)
            {
                var entry = new AuditEntry(At, "actor", "Actor", "site-office", "sh-site", "upload-document", "site-project", Project, true, null, $"entry {sequence}", null);
                entry.Link(sequence, previous);
                Audit.Add(new ArchiveRow(InspectionArchive.AuditTable, entry.ChainKey, sequence, entry.ChainParts(), entry.Hash!));
                previous = entry.Hash!;
            }
        }

        public List<ArchiveChainHead> Heads() =>
            [.. new[] { Events, Audit, [Decision()] }.Where(rows => rows.Count > 0).Select(rows => rows[^1])
                .Select(last => new ArchiveChainHead(last.Table, last.Chain, last.Sequence, last.Hash))];

        public MemoryStream Zip(List<ArchiveChainHead>? heads = null)
        {
            var files = new List<(string Path, byte[] Bytes)>
            {
                (InspectionArchive.EventsFile, Lines(Events)),
                (InspectionArchive.DecisionsFile, Lines([Decision()])),
                (InspectionArchive.AuditFile, Lines(Audit)),
                (InspectionArchive.DocumentsFile, []),
                (InspectionArchive.SummaryFile, "<html></html>"u8.ToArray()),
                ("definitions/standard-site-startup.v1.yaml", "id: x\n"u8.ToArray()),
            };
            var manifest = new ArchiveManifest(InspectionArchive.FormatVersion, new ArchiveScope(ArchiveScope.SiteProject, Project, Guid.NewGuid(), "P-1", [Project]),
                At, new ArchiveAuthor("me", "Me", "demo-pharma", "sponsor"), ArchiveDocuments.Include,
                [.. files.Select(f => new ArchiveFile(f.Path, f.Bytes.Length, Convert.ToHexStringLower(SHA256.HashData(f.Bytes))))], heads ?? Heads(),
                [new ArchiveSourceFile("standard-site-startup", 1, Convert.ToHexStringLower(SHA256.HashData("id: x\n"u8)), "definitions/standard-site-startup.v1.yaml")], []);
            if (DropSummaryAfterListing)
            {
                files.RemoveAll(f => f.Path == InspectionArchive.SummaryFile);
            }

            if (Extra is { } extra)
            {
                files.Add(extra);
            }

            var memory = new MemoryStream();
            using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var (path, bytes) in files.Append((InspectionArchive.ManifestFile, JsonSerializer.SerializeToUtf8Bytes(manifest, InspectionArchive.Json))))
                {
                    using var target = zip.CreateEntry(path).Open();
                    target.Write(bytes);
                }
            }

            memory.Position = 0;
            return memory;
        }

        private ArchiveRow Decision()
        {
            var decision = new DecisionRecord(DecisionId, Project, Stream, "ethics-review", 1, "approve", null, "Li Lei", "approved as chair", At, "actor",
                "ethics-committee", "bj-lead", Guid.Empty, Covered);
            decision.LinkEvent(DecidedEventVersion, Events[^1].Hash);
            decision.Link(1, ChainHash.Genesis);
            return new ArchiveRow(InspectionArchive.DecisionsTable, decision.ChainKey, 1, decision.ChainParts(), decision.Hash!);
        }

        private static byte[] Lines(IEnumerable<ArchiveRow> rows) =>
            Encoding.UTF8.GetBytes(string.Concat(rows.Select(r => JsonSerializer.Serialize(r, InspectionArchive.Json) + "\n")));
    }
}
