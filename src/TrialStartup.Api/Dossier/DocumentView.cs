namespace TrialStartup.Api.Dossier;

using TrialStartup.Data.Dossier;

/// <summary>One version of one dossier document as the API shows it.</summary>
/// <param name="Id">The document version's id (for the download).</param>
/// <param name="Kind">protocol, investigator-brochure, … (see <see cref="DossierApi.Kinds"/>).</param>
/// <param name="Version">1 for the first upload of this kind, then 2, 3 …</param>
/// <param name="FileName">The uploader's file name, sanitised.</param>
/// <param name="ContentType">The type detected from the content.</param>
/// <param name="Size">Bytes.</param>
/// <param name="Sha256">Lowercase hex SHA-256 of the content: what a decision cites.</param>
/// <param name="UploadedAt">When it was stored (UTC).</param>
/// <param name="UploadedBy">Who uploaded it.</param>
public sealed record DocumentView(Guid Id, string Kind, int Version, string FileName, string ContentType, long Size, string Sha256,
    DateTimeOffset UploadedAt, string UploadedBy)
{
    /// <summary>Maps a stored document.</summary>
    public static DocumentView From(DossierDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new(document.Id, document.Kind, document.Version, document.OriginalFileName, document.ContentType, document.Size,
            document.Sha256, document.UploadedAt, document.UploadedBy);
    }
}

/// <summary>A site project's dossier: the latest version of each kind, every version, and what submission still needs.</summary>
/// <param name="SiteProjectId">The project.</param>
/// <param name="UploadsOpen">Whether the site office may upload now (before submission, or while a change request is open).</param>
/// <param name="MissingRequired">Required kinds with no version yet; submission waits for them.</param>
/// <param name="Latest">The newest version of each kind that has one.</param>
/// <param name="Versions">Every version, by kind then version.</param>
public sealed record DossierView(Guid SiteProjectId, bool UploadsOpen, IReadOnlyList<string> MissingRequired,
    IReadOnlyList<DocumentView> Latest, IReadOnlyList<DocumentView> Versions);
