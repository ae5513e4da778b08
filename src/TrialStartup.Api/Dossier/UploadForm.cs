namespace TrialStartup.Api.Dossier;

using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using TrialStartup.Api.Dossier.Storage;
using TrialStartup.Api.Problems;

/// <summary>
/// Reads an upload's multipart body by hand rather than through form binding, so the file streams straight to a
/// staging file (hashed and counted as it goes, stopped at the size limit) instead of being buffered first.
/// Fields: <c>kind</c> and <c>file</c>, each once; anything else is refused like an unknown JSON field.
/// </summary>
internal sealed class UploadForm : IDisposable
{
    // Room for the multipart envelope around the file: boundaries, part headers (at most 16 KiB each) and the kind.
    private const long EnvelopeAllowance = 1024 * 1024;

    private const int MaxKindBytes = 64;

    private UploadForm(string kind, string? fileName, string? declaredType, StagedFile file)
    {
        Kind = kind;
        FileName = fileName;
        DeclaredType = declaredType;
        File = file;
    }

    public string Kind { get; }

    /// <summary>The name the client gave, raw; sanitise before use.</summary>
    public string? FileName { get; }

    /// <summary>The part's Content-Type as the client declared it.</summary>
    public string? DeclaredType { get; }

    public StagedFile File { get; }

    /// <summary>The largest request body an upload of at most <paramref name="maxBytes"/> needs.</summary>
    public static long RequestLimit(long maxBytes) => maxBytes + EnvelopeAllowance;

    /// <summary>The form, or the problem that refuses it; a refused upload leaves no staged file behind.</summary>
    public static async Task<(UploadForm? Form, IResult? Problem)> ReadAsync(HttpRequest request, IDocumentStore store, long maxBytes,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(store);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var media)
            || !media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return (null, ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "The request's type is not accepted",
                "send multipart/form-data with the fields kind and file"));
        }

        var boundary = HeaderUtilities.RemoveQuotes(media.Boundary).Value;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 70)
        {
            return (null, Malformed("the multipart boundary is missing or longer than 70 characters"));
        }

        // A request that announces more than the limit allows is refused before a byte is read; one that does not
        // announce its length is cut off by the server at the same point.
        if (request.ContentLength > RequestLimit(maxBytes))
        {
            return (null, TooLarge(maxBytes));
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = RequestLimit(maxBytes);
        }

        string? kind = null;
        string? fileName = null;
        string? declaredType = null;
        StagedFile? staged = null;
        var accepted = false;
        try
        {
            var reader = new MultipartReader(boundary, request.Body);
            while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase)
                    || HeaderUtilities.RemoveQuotes(disposition.Name).Value is not { Length: > 0 } name)
                {
                    return (null, Malformed("every part needs a Content-Disposition of form-data with a name"));
                }

                switch (name)
                {
                    case "kind" when kind is not null:
                        return (null, ApiProblems.Invalid("kind", "send kind once"));
                    case "kind":
                        kind = await ReadKindAsync(section.Body, cancellationToken).ConfigureAwait(false);
                        if (kind is null || !DossierApi.Kinds.Contains(kind))
                        {
                            return (null, ApiProblems.Invalid("kind", $"kind must be one of {string.Join(", ", DossierApi.Kinds)}"));
                        }

                        break;
                    case "file" when staged is not null:
                        return (null, ApiProblems.Invalid("file", "send one file per upload"));
                    case "file":
                        if (!disposition.IsFileDisposition())
                        {
                            return (null, ApiProblems.Invalid("file", "file must be a file part with a file name"));
                        }

                        fileName = (disposition.FileNameStar.HasValue ? disposition.FileNameStar : HeaderUtilities.RemoveQuotes(disposition.FileName)).Value;
                        declaredType = section.ContentType;
                        staged = StagedFile.In(store.StagingFolder);
                        if (!await staged.ReceiveAsync(section.Body, maxBytes, cancellationToken).ConfigureAwait(false))
                        {
                            return (null, TooLarge(maxBytes));
                        }

                        break;
                    default:
                        return (null, ApiProblems.Invalid(name, $"unknown field '{name}'; an upload has the fields kind and file"));
                }
            }

            if (kind is null)
            {
                return (null, ApiProblems.Invalid("kind", $"kind is required: one of {string.Join(", ", DossierApi.Kinds)}"));
            }

            if (staged is null)
            {
                return (null, ApiProblems.Invalid("file", "file is required"));
            }

            if (staged.Size == 0)
            {
                return (null, ApiProblems.Invalid("file", "the file is empty"));
            }

            accepted = true;
            return (new UploadForm(kind, fileName, declaredType, staged), null);
        }
        catch (InvalidDataException e)
        {
            // The multipart reader's word for a broken body (missing boundary, oversized part headers).
            return (null, Malformed(e.Message));
        }
        catch (IOException e) when (e.Source == typeof(MultipartReader).Assembly.GetName().Name)
        {
            // The multipart reader's word for a body that ends before its closing boundary (its own message blames
            // "another component"); an IOException of the staging file's disk comes from elsewhere and stays a server error.
            return (null, Malformed("the multipart body ends before its closing boundary"));
        }
        finally
        {
            if (!accepted)
            {
                staged?.Dispose();
            }
        }
    }

    /// <summary>
    /// The form of an upload that arrives as a stream with its kind and name beside it (the web workspace): the same
    /// checks as <see cref="ReadAsync"/>, and nothing left behind when refused.
    /// </summary>
    public static async Task<(UploadForm? Form, IResult? Problem)> FromStreamAsync(string kind, string? fileName, string? declaredType, Stream content,
        IDocumentStore store, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(store);
        if (!DossierApi.Kinds.Contains(kind))
        {
            return (null, ApiProblems.Invalid("kind", $"kind must be one of {string.Join(", ", DossierApi.Kinds)}"));
        }

        var staged = StagedFile.In(store.StagingFolder);
        var accepted = false;
        try
        {
            if (!await staged.ReceiveAsync(content, maxBytes, cancellationToken).ConfigureAwait(false))
            {
                return (null, TooLarge(maxBytes));
            }

            if (staged.Size == 0)
            {
                return (null, ApiProblems.Invalid("file", "the file is empty"));
            }

            accepted = true;
            return (new UploadForm(kind, fileName, declaredType, staged), null);
        }
        finally
        {
            if (!accepted)
            {
                staged.Dispose();
            }
        }
    }

    /// <summary>413 for a document over the configured limit.</summary>
    public static IResult TooLarge(long maxBytes) =>
        ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, "payload-too-large", "The document is too large",
            $"a document may be at most {maxBytes} bytes", "file", new Dictionary<string, object?> { ["maxBytes"] = maxBytes });

    public void Dispose() => File.Dispose();

    private static IResult Malformed(string detail) =>
        ApiProblems.Problem(StatusCodes.Status400BadRequest, "malformed-request", "The request could not be read", detail);

    // The kind is a short token; reading is capped so a huge text field cannot be pulled into memory.
    private static async Task<string?> ReadKindAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxKindBytes + 1];
        var length = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        return length > MaxKindBytes ? null : Encoding.UTF8.GetString(buffer, 0, length).Trim();
    }
}
