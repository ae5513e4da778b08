namespace TrialStartup.Data.Inspection;

/// <summary>
/// An archive's <see cref="InspectionArchive.ManifestFile"/>: what it holds and the figures that make it checkable offline.
/// Its chain heads are what an inspector compares with the installation's checkpoints (or the anchors exported from them),
/// since a manifest rewritten together with its files would otherwise be consistent with itself.
/// </summary>
/// <param name="FormatVersion"><see cref="InspectionArchive.FormatVersion"/>.</param>
/// <param name="Scope">What was exported.</param>
/// <param name="GeneratedAt">When (UTC).</param>
/// <param name="GeneratedBy">Who asked for it.</param>
/// <param name="Documents"><see cref="ArchiveDocuments.Include"/> or <see cref="ArchiveDocuments.Reference"/>.</param>
/// <param name="Files">Every other file of the archive, with its size and SHA-256.</param>
/// <param name="Chains">The head of every chain the jsonl files hold.</param>
/// <param name="Definitions">The workflow definitions the projects ran on, by hash.</param>
/// <param name="Calendars">The working-day calendars their deadlines were counted on, by hash.</param>
public sealed record ArchiveManifest(int FormatVersion, ArchiveScope Scope, DateTimeOffset GeneratedAt, ArchiveAuthor GeneratedBy, string Documents,
    IReadOnlyList<ArchiveFile> Files, IReadOnlyList<ArchiveChainHead> Chains, IReadOnlyList<ArchiveSourceFile> Definitions,
    IReadOnlyList<ArchiveSourceFile> Calendars);
