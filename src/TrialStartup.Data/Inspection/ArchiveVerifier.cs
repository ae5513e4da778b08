namespace TrialStartup.Data.Inspection;

using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using TrialStartup.Data.Chains;
using TrialStartup.Data.Decisions;

/// <summary>
/// Checks an inspection archive offline, with nothing but the zip: every file's size and SHA-256 against the manifest,
/// no file missing or extra; every chain of the jsonl files recomputed link by link from the genesis (sequences 1..n,
/// each hash from the previous one and the row's parts) to the head the manifest records; each decision's link to the
/// event it produced and to the document versions it covered; each included document's bytes against the SHA-256 its
/// chained row recorded; and each definition
/// and calendar file against the hash its events recorded. Reports the counts, or the first problem found.
/// </summary>
/// <remarks>Pure: it reads the zip it is given and nothing else, so an inspector's copy of the product can run it anywhere.</remarks>
public sealed class ArchiveVerifier
{
    /// <summary>Verifies the archive at <paramref name="path"/>.</summary>
    public static ArchiveReport VerifyFile(string path)
    {
        using var file = File.OpenRead(path);
        return Verify(file);
    }

    /// <summary>Verifies the archive in <paramref name="zip"/> (a seekable stream, as a zip is read from its end).</summary>
    public static ArchiveReport Verify(Stream zip)
    {
        ArgumentNullException.ThrowIfNull(zip);
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            return Failed(new ArchiveProblem("(archive)", null, null, $"not a readable zip: {e.Message}"));
        }

        using (archive)
        {
            var walk = new Walk(archive);
            var problem = walk.Run();
            return new ArchiveReport(walk.FilesChecked, walk.Heads.Count, walk.Count(InspectionArchive.EventsTable),
                walk.Count(InspectionArchive.AuditTable), walk.Count(InspectionArchive.DecisionsTable), walk.Count(InspectionArchive.DocumentsTable),
                walk.DocumentFiles, problem);
        }
    }

    private static ArchiveReport Failed(ArchiveProblem problem) => new(0, 0, 0, 0, 0, 0, 0, problem);

    private sealed class Walk(ZipArchive archive)
    {
        private readonly Dictionary<string, (long Size, string Sha256)> _files = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _rows = new(StringComparer.Ordinal);

        // The events the decisions name, (stream, version) -> the hash the decision recorded, and where the decision is.
        private readonly Dictionary<(string Stream, long Version), (string Hash, string Chain, long Sequence)> _decisionEvents = [];
        // The document versions the decisions covered, (chain, kind, version) -> the SHA-256 each signed for, and where the decision is;
        // and the versions the documents file holds, with their SHA-256.
        private readonly List<(string Chain, string Kind, int Version, string Sha256, long Sequence)> _covered = [];
        private readonly Dictionary<(string Chain, string Kind, int Version), string> _documents = [];
        private ArchiveManifest _manifest = null!;

        public int FilesChecked { get; private set; }

        public int DocumentFiles { get; private set; }

        public Dictionary<(string Table, string Chain), (long Sequence, string Hash)> Heads { get; } = [];

        public long Count(string table) => _rows.GetValueOrDefault(table);

        public ArchiveProblem? Run() =>
            ReadManifest() ?? CheckFiles() ?? CheckChains() ?? CheckHeads() ?? CheckDecisionEvents() ?? CheckCoveredDocuments() ?? CheckSourceFiles(_manifest.Definitions, "definition")
            ?? CheckSourceFiles(_manifest.Calendars, "calendar");

        private ArchiveProblem? ReadManifest()
        {
            if (archive.GetEntry(InspectionArchive.ManifestFile) is not { } entry)
            {
                return new ArchiveProblem(InspectionArchive.ManifestFile, null, null, "missing: this is not an inspection archive");
            }

            try
            {
                using var stream = entry.Open();
                _manifest = JsonSerializer.Deserialize<ArchiveManifest>(stream, InspectionArchive.Json)
                    ?? throw new JsonException("the manifest is null");
            }
            catch (JsonException e)
            {
                return new ArchiveProblem(InspectionArchive.ManifestFile, null, null, $"not a readable manifest: {e.Message}");
            }

            return _manifest.FormatVersion != InspectionArchive.FormatVersion
                ? new ArchiveProblem(InspectionArchive.ManifestFile, null, null, "a format version this verifier does not know",
                    InspectionArchive.FormatVersion.ToString(CultureInfo.InvariantCulture), _manifest.FormatVersion.ToString(CultureInfo.InvariantCulture))
                : _manifest.Files is null || _manifest.Chains is null || _manifest.Definitions is null || _manifest.Calendars is null
                    ? new ArchiveProblem(InspectionArchive.ManifestFile, null, null, "incomplete: files, chains, definitions and calendars are required")
                    : null;
        }

        // Every entry is listed once and matches its size and hash; every listed file is there.
        private ArchiveProblem? CheckFiles()
        {
            var entries = archive.Entries.Where(e => !e.FullName.EndsWith('/')).ToList();
            if (entries.GroupBy(e => e.FullName, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                return new ArchiveProblem(twice.Key, null, null, "is in the archive more than once");
            }

            var listed = _manifest.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
            if (entries.FirstOrDefault(e => e.FullName != InspectionArchive.ManifestFile && !listed.ContainsKey(e.FullName)) is { } extra)
            {
                return new ArchiveProblem(extra.FullName, null, null, "is not listed in the manifest");
            }

            foreach (var file in _manifest.Files)
            {
                if (archive.GetEntry(file.Path) is not { } entry)
                {
                    return new ArchiveProblem(file.Path, null, null, "is listed in the manifest but missing from the archive");
                }

                var (size, sha256) = Hash(entry);
                _files[file.Path] = (size, sha256);
                FilesChecked++;
                if (size != file.Size || sha256 != file.Sha256)
                {
                    return new ArchiveProblem(file.Path, null, null, "its content differs from the manifest",
                        $"{file.Size} bytes, sha256 {file.Sha256}", $"{size} bytes, sha256 {sha256}");
                }
            }

            return null;
        }

        private ArchiveProblem? CheckChains()
        {
            foreach (var (file, table) in InspectionArchive.ChainFiles)
            {
                if (!_files.ContainsKey(file))
                {
                    return new ArchiveProblem(file, null, null, "is missing: every archive has it, empty when there is nothing to hold");
                }

                if (CheckChainFile(file, table) is { } problem)
                {
                    return problem;
                }
            }

            return null;
        }

        // Rows of one chain are consecutive, in sequence from 1, each linked to the one before it.
        private ArchiveProblem? CheckChainFile(string file, string table)
        {
            using var reader = new StreamReader(archive.GetEntry(file)!.Open());
            string? chain = null;
            var previous = ChainHash.Genesis;
            long expected = 1;
            var line = 0;
            while (reader.ReadLine() is { } text)
            {
                line++;
                if (text.Length == 0)
                {
                    continue;
                }

                ArchiveRow? row;
                try
                {
                    row = JsonSerializer.Deserialize<ArchiveRow>(text, InspectionArchive.Json);
                }
                catch (JsonException e)
                {
                    return new ArchiveProblem(file, null, null, $"line {line} is not a readable row: {e.Message}");
                }

                if (row?.Parts is null || row.Chain is null || row.Hash is null || row.Table != table)
                {
                    return new ArchiveProblem(file, row?.Chain, row?.Sequence, $"line {line} is not a row of {table} (table, chain, sequence, parts and hash)");
                }

                if (row.Chain != chain)
                {
                    if (Heads.ContainsKey((table, row.Chain)))
                    {
                        return new ArchiveProblem(file, row.Chain, row.Sequence, "the chain's rows are not together: it appears again after another chain");
                    }

                    (chain, previous, expected) = (row.Chain, ChainHash.Genesis, 1);
                }

                if (row.Sequence != expected)
                {
                    return new ArchiveProblem(file, chain, row.Sequence, row.Sequence < expected ? "a row out of order" : $"sequence {expected} is missing",
                        expected.ToString(CultureInfo.InvariantCulture), row.Sequence.ToString(CultureInfo.InvariantCulture));
                }

                if (row.Parts.Count < 2 || row.Parts[ArchivePartPositions.Chain] != row.Chain
                    || row.Parts[ArchivePartPositions.Sequence] != row.Sequence.ToString(CultureInfo.InvariantCulture))
                {
                    return new ArchiveProblem(file, chain, row.Sequence, "its hashed parts name another chain or sequence than the row");
                }

                var link = ChainHash.Link(previous, row.Parts);
                if (link != row.Hash)
                {
                    return new ArchiveProblem(file, chain, row.Sequence,
                        row.Hash.Length == 0 ? "the row is not linked (written before the chains and never linked)" : "broken link: the hash does not follow from the previous link and the row's parts",
                        link, row.Hash);
                }

                if ((table == InspectionArchive.DecisionsTable ? RememberDecision(file, row) : table == InspectionArchive.DocumentsTable ? CheckDocument(file, row) : null)
                    is { } problem)
                {
                    return problem;
                }

                if (table == InspectionArchive.EventsTable && _decisionEvents.TryGetValue((row.Chain, row.Sequence), out var decided))
                {
                    if (decided.Hash != row.Hash)
                    {
                        return new ArchiveProblem(InspectionArchive.DecisionsFile, decided.Chain, decided.Sequence,
                            $"the decision's event (stream {row.Chain}, version {row.Sequence}) is not the one in {InspectionArchive.EventsFile}", decided.Hash, row.Hash);
                    }

                    _decisionEvents.Remove((row.Chain, row.Sequence));
                }

                previous = row.Hash;
                expected++;
                Heads[(table, chain!)] = (row.Sequence, row.Hash);
                _rows[table] = Count(table) + 1;
            }

            return null;
        }

        private ArchiveProblem? RememberDecision(string file, ArchiveRow row)
        {
            if (row.Parts.Count <= ArchivePartPositions.DecisionEventHash)
            {
                return new ArchiveProblem(file, row.Chain, row.Sequence, "a decision's parts are incomplete");
            }

            List<CoveredDocument>? covered;
            try
            {
                covered = JsonSerializer.Deserialize<List<CoveredDocument>>(row.Parts[ArchivePartPositions.DecisionCoveredDocuments], InspectionArchive.Json);
            }
            catch (JsonException e)
            {
                return new ArchiveProblem(file, row.Chain, row.Sequence, $"the decision's covered documents are not readable: {e.Message}");
            }

            _covered.AddRange((covered ?? []).Select(c => (row.Chain, c.Kind, c.Version, c.Sha256, row.Sequence)));

            // A decision recorded before decisions linked their events has none to check.
            var version = row.Parts[ArchivePartPositions.DecisionEventVersion];
            if (version.Length == 0)
            {
                return null;
            }

            if (!long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var eventVersion))
            {
                return new ArchiveProblem(file, row.Chain, row.Sequence, $"the decision's event version '{version}' is not a number");
            }

            _decisionEvents[(row.Parts[ArchivePartPositions.DecisionStream], eventVersion)] = (row.Parts[ArchivePartPositions.DecisionEventHash], row.Chain, row.Sequence);
            return null;
        }

        // An included file must be the bytes whose SHA-256 the chained row recorded at upload.
        private ArchiveProblem? CheckDocument(string file, ArchiveRow row)
        {
            if (row.Parts.Count <= ArchivePartPositions.DocumentSha256)
            {
                return new ArchiveProblem(file, row.Chain, row.Sequence, "a document version's parts are incomplete");
            }

            var recorded = row.Parts[ArchivePartPositions.DocumentSha256];
            if (int.TryParse(row.Parts[ArchivePartPositions.DocumentVersion], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                _documents[(row.Chain, row.Parts[ArchivePartPositions.DocumentKind], version)] = recorded;
            }

            if (row.File is null)
            {
                return _manifest.Documents == ArchiveDocuments.Include
                    ? new ArchiveProblem(file, row.Chain, row.Sequence, "the document's file is not in the archive although documents were included (it was missing from the document store when the archive was made)", recorded)
                    : null;
            }

            if (!row.File.StartsWith(InspectionArchive.DocumentsFolder, StringComparison.Ordinal) || !_files.TryGetValue(row.File, out var content))
            {
                return new ArchiveProblem(file, row.Chain, row.Sequence, $"names a document file {row.File} that the manifest does not list");
            }

            if (content.Sha256 != recorded)
            {
                return new ArchiveProblem(row.File, row.Chain, row.Sequence, "the document's bytes are not those recorded at upload", recorded, content.Sha256);
            }

            DocumentFiles++;
            return null;
        }

        // Each chain ends where the manifest says, and the manifest names no chain the files do not hold.
        private ArchiveProblem? CheckHeads()
        {
            foreach (var head in _manifest.Chains)
            {
                var file = InspectionArchive.ChainFiles.FirstOrDefault(f => f.Table == head.Table).File ?? InspectionArchive.ManifestFile;
                if (!Heads.TryGetValue((head.Table, head.Chain), out var found))
                {
                    return new ArchiveProblem(file, head.Chain, head.Sequence, "the manifest's chain has no rows in the archive", head.Hash);
                }

                if (found.Sequence != head.Sequence || found.Hash != head.Hash)
                {
                    return new ArchiveProblem(file, head.Chain, found.Sequence, "the chain does not end at the manifest's head",
                        $"sequence {head.Sequence}, hash {head.Hash}", $"sequence {found.Sequence}, hash {found.Hash}");
                }
            }

            var listed = _manifest.Chains.Select(h => (h.Table, h.Chain)).ToHashSet();
            return Heads.Keys.FirstOrDefault(k => !listed.Contains(k)) is { Chain: not null } unlisted
                ? new ArchiveProblem(InspectionArchive.ManifestFile, unlisted.Chain, null, $"the {unlisted.Table} chain has no head in the manifest")
                : null;
        }

        // Whatever the events file did not settle: a decision naming an event the archive does not hold.
        private ArchiveProblem? CheckDecisionEvents() =>
            _decisionEvents.FirstOrDefault() is { Value.Chain: not null } missing
                ? new ArchiveProblem(InspectionArchive.DecisionsFile, missing.Value.Chain, missing.Value.Sequence,
                    $"the decision's event (stream {missing.Key.Stream}, version {missing.Key.Version}) is not in {InspectionArchive.EventsFile}",
                    missing.Value.Hash)
                : null;

        // Each signature covered document versions the archive holds, with the SHA-256 they have (21 CFR 11.70).
        private ArchiveProblem? CheckCoveredDocuments()
        {
            foreach (var (chain, kind, version, sha256, sequence) in _covered)
            {
                if (!_documents.TryGetValue((chain, kind, version), out var held))
                {
                    return new ArchiveProblem(InspectionArchive.DecisionsFile, chain, sequence,
                        $"the decision covered {kind} version {version}, which {InspectionArchive.DocumentsFile} does not hold", sha256);
                }

                if (held != sha256)
                {
                    return new ArchiveProblem(InspectionArchive.DecisionsFile, chain, sequence,
                        $"the decision covered {kind} version {version} with another SHA-256 than {InspectionArchive.DocumentsFile} holds", sha256, held);
                }
            }

            return null;
        }

        private ArchiveProblem? CheckSourceFiles(IReadOnlyList<ArchiveSourceFile> sources, string what)
        {
            foreach (var source in sources.Where(s => s.Path is not null))
            {
                if (!_files.TryGetValue(source.Path!, out var content))
                {
                    return new ArchiveProblem(source.Path!, null, null, $"the {what} {source.Id} is named in the manifest but not listed among its files");
                }

                if (content.Sha256 != source.Sha256)
                {
                    return new ArchiveProblem(source.Path!, null, null, $"the {what} {source.Id} is not the version its events recorded", source.Sha256, content.Sha256);
                }
            }

            return null;
        }

        private static (long Size, string Sha256) Hash(ZipArchiveEntry entry)
        {
            using var content = entry.Open();
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[81920];
            long size = 0;
            int read;
            while ((read = content.Read(buffer)) > 0)
            {
                sha.AppendData(buffer, 0, read);
                size += read;
            }

            return (size, Convert.ToHexStringLower(sha.GetHashAndReset()));
        }
    }
}
