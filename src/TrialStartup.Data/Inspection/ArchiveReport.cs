namespace TrialStartup.Data.Inspection;

/// <summary>What <see cref="ArchiveVerifier"/> found: the counts of what it checked, or the first problem.</summary>
/// <param name="Files">Files checked against the manifest.</param>
/// <param name="Chains">Chains recomputed link by link.</param>
/// <param name="Events">Events among their links.</param>
/// <param name="AuditEntries">Audit entries among them.</param>
/// <param name="Decisions">Decisions among them.</param>
/// <param name="Documents">Document versions among them.</param>
/// <param name="DocumentFiles">Document versions whose included file was checked against its recorded SHA-256.</param>
/// <param name="Problem">The first problem; null when the archive is intact.</param>
public sealed record ArchiveReport(int Files, int Chains, long Events, long AuditEntries, long Decisions, long Documents, int DocumentFiles,
    ArchiveProblem? Problem)
{
    /// <summary>Whether every check passed.</summary>
    public bool IsIntact => Problem is null;

    /// <summary>The line <c>audit verify --archive</c> prints.</summary>
    public override string ToString() => Problem is { } problem
        ? $"BROKEN: {problem}"
        : $"OK: {Files} files match the manifest; {Chains} chains intact: {Events} events, {AuditEntries} audit entries, {Decisions} decisions, "
            + $"{Documents} document versions ({DocumentFiles} files included and matching their SHA-256)";
}
