namespace TrialStartup.Data.Dossier;

using TrialStartup.Data.Chains;

/// <summary>
/// One version of one document of a site project's dossier (申报材料). Submitted once, shared by all reviews;
/// a decision records which versions it saw by their SHA-256. Never changed: a new upload is a new version.
/// </summary>
/// <remarks>A link of its site project's chain of document versions: its hash covers the content's SHA-256 and who uploaded what when.</remarks>
public sealed class DossierDocument : ChainedRow
{
    private DossierDocument()
    {
    }

    public DossierDocument(Guid id, Guid siteProjectId, string kind, int version, string originalFileName, string storedName,
        string contentType, long size, string sha256, DateTimeOffset uploadedAt, string uploadedBy)
    {
        Id = id;
        SiteProjectId = siteProjectId;
        Kind = kind;
        Version = version;
        OriginalFileName = originalFileName;
        StoredName = storedName;
        ContentType = contentType;
        Size = size;
        Sha256 = sha256;
        UploadedAt = uploadedAt;
        UploadedBy = uploadedBy;
    }

    public Guid Id { get; private set; }

    public Guid SiteProjectId { get; private set; }

    /// <summary>protocol, investigator-brochure, informed-consent, insurance, cv, regulatory-approval, contract-draft or budget.</summary>
    public string Kind { get; private set; } = "";

    /// <summary>1 for the first upload of this kind, then 2, 3 …</summary>
    public int Version { get; private set; }

    /// <summary>The name the uploader gave; shown, never used as a path.</summary>
    public string OriginalFileName { get; private set; } = "";

    /// <summary>The server-chosen file name in the document store.</summary>
    public string StoredName { get; private set; } = "";

    /// <summary>The type detected from the content, not the one the uploader claimed.</summary>
    public string ContentType { get; private set; } = "";

    public long Size { get; private set; }

    /// <summary>Lowercase hex SHA-256 of the content.</summary>
    public string Sha256 { get; private set; } = "";

    public DateTimeOffset UploadedAt { get; private set; }

    public string UploadedBy { get; private set; } = "";

    /// <inheritdoc />
    public override string ChainKey => $"site-project/{SiteProjectId:D}";

    /// <inheritdoc />
    public override IReadOnlyList<string> ChainParts() =>
        [ChainKey, Chains.ChainParts.Of(ChainSequence ?? 0), Chains.ChainParts.Of(Id), Kind, Chains.ChainParts.Of(Version), OriginalFileName, StoredName,
            ContentType, Chains.ChainParts.Of(Size), Sha256, Chains.ChainParts.Of(UploadedAt), UploadedBy];
}
