namespace TrialStartup.Api.Dossier;

using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Contract;
using TrialStartup.Api.Dossier.Storage;
using TrialStartup.Api.Hosting;
using TrialStartup.Api.Problems;
using TrialStartup.Api.SiteProjects;
using TrialStartup.Data;
using TrialStartup.Data.Audit;
using TrialStartup.Data.Dossier;
using TrialStartup.Messaging.Hosting;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// The dossier (一套材料、一次提交): the site office uploads each document once per version, every review reads the
/// same versions, and nothing is ever overwritten. After submission the dossier is locked except while a change
/// request is open, which is how a change request is answered: upload the new version, then resubmit.
/// </summary>
public static class DossierApi
{
    /// <summary>The kinds of document a dossier holds.</summary>
    public static readonly IReadOnlyList<string> Kinds =
        ["protocol", "investigator-brochure", "informed-consent", "insurance", "cv", "regulatory-approval", "contract-draft", "budget"];

    /// <summary>Maps the dossier endpoints.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var documents = api.MapGroup("/site-projects/{projectId:guid}/documents").WithTags("Dossier");
        var maxBytes = ((IEndpointRouteBuilder)api).ServiceProvider.GetRequiredService<IOptions<TrialStartupOptions>>().Value.Documents.MaxBytes;

        // Declared as metadata too, so whatever reads the body first (routing, the idempotency filter's hash) lifts
        // the server's default 30 MB cap to the configured limit before the first read fixes it.
        documents.MapPost("/", UploadAsync).WithMetadata(new RequestSizeLimitAttribute(UploadForm.RequestLimit(maxBytes)))
            .Accepts<UploadDocumentForm>("multipart/form-data").WithName("UploadDocument")
            .WithSummary("Uploads a document of the dossier (a new version of its kind), streamed and checked; at most 50 MB by default")
            .Produces<DocumentView>(StatusCodes.Status201Created)
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
        documents.MapGet("/", ListAsync).WithName("GetDossier").WithSummary("The dossier: every version of every kind, with size and SHA-256, and what is missing")
            .Produces<DossierView>().ProducesProblems(StatusCodes.Status404NotFound);
        documents.MapGet("/{documentId:guid}/content", DownloadAsync).WithName("DownloadDocument")
            .WithSummary("A document's content, checked against its SHA-256; ranges for the browser's PDF viewer")
            .Produces<Stream>(StatusCodes.Status200OK, ContentSniffer.Pdf, ContentSniffer.Docx, ContentSniffer.Xlsx)
            .Produces<Stream>(StatusCodes.Status206PartialContent, ContentSniffer.Pdf, ContentSniffer.Docx, ContentSniffer.Xlsx)
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status416RangeNotSatisfiable, StatusCodes.Status500InternalServerError);
    }

    /// <summary>The upload's multipart form, as the OpenAPI document describes it (the endpoint reads it as a stream).</summary>
    /// <param name="Kind">The document's kind: protocol, investigator-brochure, informed-consent, contract-draft, budget, or another.</param>
    /// <param name="File">The file: PDF, Word or Excel (checked by content, not by name).</param>
    public sealed record UploadDocumentForm(string Kind, IFormFile File);

    private static async Task<IResult> UploadAsync(Guid projectId, HttpRequest request, Caller? caller, TrialStartupDbContext db, IDocumentStore store,
        IOptions<TrialStartupOptions> options, TimeProvider clock, CancellationToken cancellationToken) =>
        await ReceiveAsync(projectId, caller, db, store, options, clock,
            store => UploadForm.ReadAsync(request, store, options.Value.Documents.MaxBytes, cancellationToken), cancellationToken);

    /// <summary>
    /// An upload whose content arrives as a stream rather than a multipart body (the web workspace's uploads): checked,
    /// stored and recorded exactly like <c>POST …/documents</c>.
    /// </summary>
    internal static Task<IResult> UploadStreamAsync(Guid projectId, string kind, string? fileName, string? declaredType, Stream content,
        Caller? caller, TrialStartupDbContext db, IDocumentStore store, IOptions<TrialStartupOptions> options, TimeProvider clock,
        CancellationToken cancellationToken) =>
        ReceiveAsync(projectId, caller, db, store, options, clock,
            store => UploadForm.FromStreamAsync(kind, fileName, declaredType, content, store, options.Value.Documents.MaxBytes, cancellationToken),
            cancellationToken);

    // Who may upload and whether the dossier is open are checked before a byte is received, and again after.
    private static async Task<IResult> ReceiveAsync(Guid projectId, Caller? caller, TrialStartupDbContext db, IDocumentStore store,
        IOptions<TrialStartupOptions> options, TimeProvider clock, Func<IDocumentStore, Task<(UploadForm? Form, IResult? Problem)>> receive,
        CancellationToken cancellationToken)
    {
        var project = await SiteProjectAccess.FindVisibleAsync(db, caller, projectId, cancellationToken);
        if (project is null)
        {
            return ApiProblems.NotFound("site project", projectId);
        }

        if (!caller!.IsInstitution(project.InstitutionId) || !caller.Has(Roles.SiteOffice))
        {
            return ApiProblems.Forbidden("the site office of the project's institution uploads its dossier");
        }

        // Checked before the file is received, so a locked dossier is refused without writing anything.
        if (await LockReasonAsync(db, projectId, project.SubmittedAt, cancellationToken) is { } locked)
        {
            return ApiProblems.Conflict("dossier-locked", locked);
        }

        var (form, problem) = await receive(store);
        if (form is null)
        {
            return problem!;
        }

        using (form)
        {
            var detected = ContentSniffer.Detect(form.File.TempPath);
            if (Mismatch(detected, form.FileName, form.DeclaredType) is { } mismatch)
            {
                return ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "The document's type is not accepted",
                    mismatch, "file", new Dictionary<string, object?> { ["detectedType"] = detected.MediaType });
            }

            // Again, now that the upload is in: a resubmission may have closed the change request meanwhile.
            var submittedAt = await db.SiteProjects.AsNoTracking().Where(p => p.Id == projectId).Select(p => p.SubmittedAt)
                .SingleAsync(cancellationToken);
            if (await LockReasonAsync(db, projectId, submittedAt, cancellationToken) is { } lockedMeanwhile)
            {
                return ApiProblems.Conflict("dossier-locked", lockedMeanwhile);
            }

            var fileName = FileNames.Sanitise(form.FileName, form.Kind, detected.Extension);
            var document = await SaveAsync(db, store, form, caller, projectId, fileName, detected.MediaType, clock.GetUtcNow(), cancellationToken);
            return TypedResults.Created($"/api/v1/site-projects/{projectId}/documents/{document.Id}/content", DocumentView.From(document));
        }
    }

    internal static async Task<IResult> ListAsync(Guid projectId, Caller? caller, TrialStartupDbContext db, CancellationToken cancellationToken)
    {
        var project = await SiteProjectAccess.FindVisibleAsync(db, caller, projectId, cancellationToken);
        if (project is null)
        {
            return ApiProblems.NotFound("site project", projectId);
        }

        // Grouped in memory: a dossier is a few dozen rows, and kinds sort by their place in Kinds, not alphabetically.
        var rows = await db.Documents.AsNoTracking().Where(d => d.SiteProjectId == projectId).ToListAsync(cancellationToken);
        var byKind = rows.GroupBy(d => d.Kind).OrderBy(g => KindOrder(g.Key)).ToList();
        var latest = byKind.Select(g => DocumentView.From(g.MaxBy(d => d.Version)!)).ToList();
        var versions = byKind.SelectMany(g => g.OrderBy(d => d.Version)).Select(DocumentView.From).ToList();
        var missing = SiteProjectsApi.RequiredDocuments.Except(rows.Select(d => d.Kind)).ToList();
        var open = await LockReasonAsync(db, projectId, project.SubmittedAt, cancellationToken) is null;
        return TypedResults.Ok(new DossierView(projectId, open, missing, latest, versions));
    }

    internal static async Task<IResult> DownloadAsync(Guid projectId, Guid documentId, HttpContext http, Caller? caller, TrialStartupDbContext db,
        DocumentContent content, CancellationToken cancellationToken) =>
        await ContentAsync(projectId, documentId, http, caller, db, content, inline: false, cancellationToken);

    /// <summary>A document's content for <c>GET …/content</c>, or for the web workspace (a PDF <paramref name="inline"/> for the browser's viewer).</summary>
    internal static async Task<IResult> ContentAsync(Guid projectId, Guid documentId, HttpContext http, Caller? caller, TrialStartupDbContext db,
        DocumentContent content, bool inline, CancellationToken cancellationToken)
    {
        var project = await SiteProjectAccess.FindVisibleAsync(db, caller, projectId, cancellationToken);
        if (project is null)
        {
            return ApiProblems.NotFound("site project", projectId);
        }

        var document = await db.Documents.AsNoTracking()
            .SingleOrDefaultAsync(d => d.Id == documentId && d.SiteProjectId == projectId, cancellationToken);
        if (document is null)
        {
            return ApiProblems.NotFound("document", documentId);
        }

        var downloadName = FileNames.Sanitise(document.OriginalFileName, document.Kind, ContentSniffer.ExtensionOf(document.ContentType));
        return await content.ServeAsync(http, document, downloadName, inline && document.ContentType == ContentSniffer.Pdf, cancellationToken);
    }

    /// <summary>Why uploads are closed now, or <c>null</c> when they are open; <paramref name="submittedAt"/> is the project's, just read.</summary>
    private static async Task<string?> LockReasonAsync(TrialStartupDbContext db, Guid projectId, DateTimeOffset? submittedAt,
        CancellationToken cancellationToken)
    {
        if (submittedAt is null)
        {
            return null;
        }

        var changeRequested = await db.OpenTasks.AsNoTracking().AnyAsync(t => t.SiteProjectId == projectId && t.HeldBySubmitter, cancellationToken);
        return changeRequested
            ? null
            : $"the dossier was submitted at {submittedAt:O} and no change request is open; new versions are accepted while a reviewer asks for changes";
    }

    /// <summary>Why the content is refused: not an accepted type, or not what its name or declared type says.</summary>
    private static string? Mismatch(DetectedContent detected, string? fileName, string? declaredType)
    {
        if (!detected.Accepted)
        {
            return $"the content is {detected.MediaType}; the dossier accepts PDF, DOCX and XLSX";
        }

        var extension = Path.GetExtension(fileName ?? "");
        if (extension.Length > 0 && !extension.Equals(detected.Extension, StringComparison.OrdinalIgnoreCase))
        {
            return $"the file is named {extension} but its content is {detected.MediaType}";
        }

        // No declared type, or the generic one, claims nothing. An OOXML file is a ZIP, so a ZIP type does not contradict it.
        var declared = MediaTypeHeaderValue.TryParse(declaredType, out var parsed) ? parsed.MediaType.Value : null;
        var consistent = declared is null
            || declared.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase)
            || declared.Equals(detected.MediaType, StringComparison.OrdinalIgnoreCase)
            || (detected.MediaType != ContentSniffer.Pdf
                && (declared.Equals(ContentSniffer.Zip, StringComparison.OrdinalIgnoreCase)
                    || declared.Equals("application/x-zip-compressed", StringComparison.OrdinalIgnoreCase)));
        return consistent ? null : $"the file was declared as {declared} but its content is {detected.MediaType}";
    }

    /// <summary>How many versions one upload tries before it gives up: far more than uploads of a kind ever arrive at once.</summary>
    internal const int MaxVersionAttempts = 100;

    /// <summary>
    /// Stores the checked file, then saves the row and its audit entry in one SaveChanges: a row never names a file that
    /// is not stored. Uploads of a kind at once may pick the same version; the unique index refuses all but one, and each
    /// of the others takes the next one, until it is saved: every upload is a version of its own. If the row cannot be
    /// saved, the file goes too: nothing of a failed upload remains.
    /// </summary>
    /// <remarks>
    /// Each refusal means another upload of the kind committed that version, so an upload saves after at most as many
    /// attempts as uploads of its kind arrived with it. <see cref="MaxVersionAttempts"/> only stops a loop that would not
    /// end; a fixed three attempts gave out while others kept taking the number (two of eight at once were a 500).
    /// No lock is taken: a row lock held before the audit entry is chained could wait on a decision that waits on it.
    /// </remarks>
    private static async Task<DossierDocument> SaveAsync(TrialStartupDbContext db, IDocumentStore store, UploadForm form, Caller caller,
        Guid projectId, string fileName, string contentType, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var storedName = StoredNames.New();
        await store.StoreAsync(storedName, form.File.TempPath, form.File.Sha256, contentType, cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var version = (await db.Documents.Where(d => d.SiteProjectId == projectId && d.Kind == form.Kind)
                    .MaxAsync(d => (int?)d.Version, cancellationToken) ?? 0) + 1;
                var document = new DossierDocument(Guid.CreateVersion7(), projectId, form.Kind, version, fileName, storedName, contentType,
                    form.File.Size, form.File.Sha256, now, caller.Name);
                db.Documents.Add(document);
                var what = $"{form.Kind} version {version}: {fileName} ({form.File.Size} bytes, sha256 {form.File.Sha256}), document {document.Id}";
                db.Audit.Add(new AuditEntry(now, caller.Id, caller.Name, Roles.SiteOffice, caller.OrganisationCode, "upload-document", "site-project",
                    projectId, accepted: true, form.Kind, what, commandId: null));
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    return document;
                }
                catch (DbUpdateException) when (attempt < MaxVersionAttempts)
                {
                    db.ChangeTracker.Clear();
                    var taken = await db.Documents.AnyAsync(d => d.SiteProjectId == projectId && d.Kind == form.Kind && d.Version == version,
                        cancellationToken);
                    if (!taken)
                    {
                        throw;
                    }
                }
            }
        }
        catch
        {
            await store.DeleteAsync(storedName, CancellationToken.None);
            throw;
        }
    }

    private static int KindOrder(string kind)
    {
        for (var i = 0; i < Kinds.Count; i++)
        {
            if (Kinds[i] == kind)
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}
