namespace TrialStartup.Data.Inspection;

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

/// <summary>
/// The layout of an inspection archive (a zip): one JSON Lines file per chained table, whose rows carry their canonical
/// parts exactly as they were hashed, the dossier's files or references to them, the workflow definitions and calendars
/// by hash, a bilingual summary, and <see cref="ManifestFile"/> with every file's size and SHA-256 and every chain's head.
/// The writer (the Api's inspection export) and <see cref="ArchiveVerifier"/> share these names, so they cannot drift apart.
/// </summary>
public static class InspectionArchive
{
    /// <summary>The version of this layout, in the manifest; a verifier refuses a version it does not know.</summary>
    public const int FormatVersion = 1;

    /// <summary>The manifest: the one file not listed in itself.</summary>
    public const string ManifestFile = "manifest.json";

    /// <summary>The human-readable summary in Chinese and English.</summary>
    public const string SummaryFile = "summary.html";

    /// <summary>Every event of every exported project's stream.</summary>
    public const string EventsFile = "events.jsonl";

    /// <summary>Every audit entry of every exported project's audit chain, from its first.</summary>
    public const string AuditFile = "audit.jsonl";

    /// <summary>Every decision's signature record.</summary>
    public const string DecisionsFile = "decisions.jsonl";

    /// <summary>Every document version of every exported dossier.</summary>
    public const string DocumentsFile = "documents.jsonl";

    /// <summary>The folder of the dossiers' files when they are included.</summary>
    public const string DocumentsFolder = "documents/";

    /// <summary>The folder of the workflow definitions the projects ran on.</summary>
    public const string DefinitionsFolder = "definitions/";

    /// <summary>The folder of the working-day calendars the projects' deadlines were counted on.</summary>
    public const string CalendarsFolder = "calendars/";

    /// <summary>The table names, as the checkpoints record chain heads.</summary>
    public const string EventsTable = "Events";

    /// <inheritdoc cref="EventsTable"/>
    public const string AuditTable = "Audit";

    /// <inheritdoc cref="EventsTable"/>
    public const string DecisionsTable = "Decisions";

    /// <inheritdoc cref="EventsTable"/>
    public const string DocumentsTable = "Documents";

    /// <summary>The jsonl files and the table each holds, in the order a verifier reads them (decisions before the events they link).</summary>
    public static IReadOnlyList<(string File, string Table)> ChainFiles { get; } =
        [(DecisionsFile, DecisionsTable), (EventsFile, EventsTable), (AuditFile, AuditTable), (DocumentsFile, DocumentsTable)];

    /// <summary>
    /// The JSON of the manifest and of every row: camelCase, nulls left out, and Chinese text and quotes written as
    /// themselves rather than escaped, so people can read the files (they are data files, never embedded in HTML).
    /// </summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
