namespace TrialStartup.Data.Inspection;

/// <summary>Whether an archive carries the dossier's files or only their SHA-256 (<c>documents=include|reference</c>).</summary>
public static class ArchiveDocuments
{
    /// <summary>Each document version's file is under <see cref="InspectionArchive.DocumentsFolder"/>.</summary>
    public const string Include = "include";

    /// <summary>Each document version is named by its SHA-256 only; the files stay in the installation's store.</summary>
    public const string Reference = "reference";

    /// <summary>The modes a request may ask for.</summary>
    public static IReadOnlyList<string> All { get; } = [Include, Reference];
}
