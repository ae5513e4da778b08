namespace TrialStartup.Api.Dossier.Storage;

using System.Collections.Concurrent;
using System.Net.Mime;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;
using TrialStartup.Api.Problems;
using TrialStartup.Data.Dossier;

/// <summary>
/// Serves a stored document: streamed from the store, never whole in memory, with range requests (the browser's PDF
/// viewer asks for pages as it shows them), and never served silently when its content no longer matches the SHA-256
/// recorded at upload.
/// </summary>
/// <remarks>
/// A whole download is hashed as it is sent; a mismatch found at its end breaks the connection off, so the browser
/// reports a failed download rather than keeping a wrong file, and the log names the document. A range cannot be checked
/// from its own bytes, so before the first range of a document this process reads the whole file once and checks it;
/// stored files never change, so one check per document and process is enough.
/// </remarks>
public sealed partial class DocumentContent(IDocumentStore store, ILogger<DocumentContent> logger)
{
    // The documents this process has checked whole. Bounded: past the limit it starts again, which costs a re-check.
    private readonly ConcurrentDictionary<Guid, bool> _checked = new();
    private const int CheckedLimit = 10_000;

    /// <summary>The document's content as the answer to <paramref name="http"/>'s request; a PDF shown in the browser when <paramref name="inline"/>.</summary>
    public async Task<IResult> ServeAsync(HttpContext http, DossierDocument document, string downloadName, bool inline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(document);
        var response = http.Response;

        // The stored type was detected from the content; nosniff keeps browsers from second-guessing it.
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.AcceptRanges = "bytes";
        if (inline)
        {
            response.Headers.ContentDisposition = new ContentDisposition { Inline = true, FileName = downloadName }.ToString();
        }

        var attachmentName = inline ? null : downloadName;
        var tag = new EntityTagHeaderValue($"\"{document.Sha256.Trim()}\"");
        if (http.Request.Headers.Range.Count > 0)
        {
            if (!_checked.ContainsKey(document.Id))
            {
                if (await CheckWholeAsync(document, cancellationToken).ConfigureAwait(false) is { } problem)
                {
                    return problem;
                }

                if (_checked.Count >= CheckedLimit)
                {
                    _checked.Clear();
                }

                _checked[document.Id] = true;
            }

            return TypedResults.Stream(new RangeStream(store, document.StoredName, document.Size), document.ContentType, attachmentName,
                document.UploadedAt, tag, enableRangeProcessing: true);
        }

        var content = await store.OpenAsync(document.StoredName, 0, cancellationToken).ConfigureAwait(false);
        if (content is null)
        {
            return Missing(document);
        }

        response.ContentLength = document.Size;
        return TypedResults.Stream(new CheckedStream(content, document, this), document.ContentType, attachmentName, document.UploadedAt, tag);
    }

    // Reads the whole file and compares it with its recorded size and hash; the problem to answer, or null when it matches.
    private async Task<IResult?> CheckWholeAsync(DossierDocument document, CancellationToken cancellationToken)
    {
        if (await store.HashAsync(document.StoredName, cancellationToken).ConfigureAwait(false) is not { } stored)
        {
            return Missing(document);
        }

        if (stored.Size == document.Size && stored.Sha256 == document.Sha256.Trim())
        {
            return null;
        }

        Altered(document, stored.Sha256, stored.Size);
        return ApiProblems.Problem(StatusCodes.Status500InternalServerError, "document-content-altered", "The document's file has changed",
            $"document {document.Id} ({document.Kind} version {document.Version}) no longer matches the SHA-256 recorded when it was uploaded; "
            + "it is not served, and the operators were told");
    }

    private void Altered(DossierDocument document, string found, long foundSize) =>
        LogAltered(logger, document.Id, document.SiteProjectId, document.Sha256, document.Size, found, foundSize, store.Description);

    private IResult Missing(DossierDocument document)
    {
        LogMissing(logger, document.Id, document.SiteProjectId, store.Description);
        return ApiProblems.Problem(StatusCodes.Status500InternalServerError, "document-content-missing", "The document's file is missing",
            $"document {document.Id} is recorded but its file is not in the store; the operators were told");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Document {DocumentId} of site project {ProjectId} has no file in the store ({Store})")]
    private static partial void LogMissing(ILogger logger, Guid documentId, Guid projectId, string store);

    [LoggerMessage(Level = LogLevel.Error, Message = "Document {DocumentId} of site project {ProjectId} does not match its record: "
        + "SHA-256 {Expected} of {ExpectedSize} bytes recorded, {Found} of {FoundSize} bytes in the store ({Store}); not served")]
    private static partial void LogAltered(ILogger logger, Guid documentId, Guid projectId, string expected, long expectedSize, string found, long foundSize,
        string store);

    /// <summary>A whole file as it is sent, hashed on the way; at its end a mismatch is an error instead of the end of the content.</summary>
    private sealed class CheckedStream(Stream content, DossierDocument document, DocumentContent owner) : ForwardOnlyStream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private long _size;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            _size += read;
            _hash.AppendData(buffer.Span[..read]);
            if (_size > document.Size || (read == 0 && !Matches()))
            {
                var found = Convert.ToHexStringLower(_hash.GetCurrentHash());
                owner.Altered(document, found, _size);
                throw new IOException($"document {document.Id} no longer matches the SHA-256 recorded when it was uploaded; the download was broken off");
            }

            return read;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                content.Dispose();
                _hash.Dispose();
            }

            base.Dispose(disposing);
        }

        private bool Matches() => _size == document.Size && Convert.ToHexStringLower(_hash.GetCurrentHash()) == document.Sha256.Trim();
    }

    /// <summary>
    /// A stored file that can be positioned, for range processing: each position reads from the store where it starts,
    /// so a range costs one request of the store, from its first byte.
    /// </summary>
    private sealed class RangeStream(IDocumentStore store, string storedName, long length) : Stream
    {
        private Stream? _open;
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => _position; set => Seek(value, SeekOrigin.Begin); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("read asynchronously");

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position >= length)
            {
                return 0;
            }

            _open ??= await store.OpenAsync(storedName, _position, cancellationToken).ConfigureAwait(false)
                ?? throw new FileNotFoundException($"stored file {storedName} is gone");
            var read = await _open.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            _position += read;
            return read;
        }

        public override long Seek(long offset, SeekOrigin origin)
        {
            var target = origin switch
            {
                SeekOrigin.Begin => offset,
                SeekOrigin.Current => _position + offset,
                _ => length + offset,
            };
            if (target != _position)
            {
                _open?.Dispose();
                _open = null;
                _position = target;
            }

            return _position;
        }

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _open?.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
