namespace TrialStartup.Api.Idempotency;

using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

/// <summary>
/// What identifies a request for <c>Idempotency-Key</c>: SHA-256 over the method, path, query and body, the body
/// streamed from the buffered request (any size). A multipart body is hashed part by part (name, file name, type,
/// bytes) without its boundary: a client that rebuilds the same form for a retry picks a new random boundary, and
/// that must still count as the same request. A multipart body that cannot be parsed is hashed as raw bytes.
/// </summary>
internal static class RequestHash
{
    private const int BufferSize = 81920;

    /// <summary>The hash as lowercase hex; the body's position is left where it was.</summary>
    public static async Task<string> ComputeAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = request.Body;
        var position = body.Position;
        try
        {
            if (Boundary(request.ContentType) is { } boundary)
            {
                body.Position = 0;
                if (await MultipartAsync(request, body, boundary, cancellationToken).ConfigureAwait(false) is { } parts)
                {
                    return parts;
                }
            }

            body.Position = 0;
            using var hash = Start(request, "raw");
            await AppendStreamAsync(hash, body, cancellationToken).ConfigureAwait(false);
            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        finally
        {
            body.Position = position;
        }
    }

    private static async Task<string?> MultipartAsync(HttpRequest request, Stream body, string boundary, CancellationToken cancellationToken)
    {
        using var hash = Start(request, "multipart");
        try
        {
            var reader = new MultipartReader(boundary, body);
            while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
            {
                _ = ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition);
                var fileName = disposition?.FileNameStar.HasValue == true ? disposition.FileNameStar : HeaderUtilities.RemoveQuotes(disposition?.FileName ?? default);
                AppendText(hash, "part");
                AppendText(hash, HeaderUtilities.RemoveQuotes(disposition?.Name ?? default).Value ?? section.ContentDisposition ?? "");
                AppendText(hash, fileName.Value ?? "");
                AppendText(hash, section.ContentType?.Trim() ?? "");
                await AppendStreamAsync(hash, section.Body, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (InvalidDataException)
        {
            return null; // not a well-formed multipart body: hash its bytes as they are
        }
        catch (IOException e) when (e.Source == typeof(MultipartReader).Assembly.GetName().Name)
        {
            return null; // the reader's word for a body that ends before its closing boundary: hashed as bytes too
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static string? Boundary(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase)
        && HeaderUtilities.RemoveQuotes(media.Boundary).Value is { Length: > 0 } boundary
            ? boundary
            : null;

    private static IncrementalHash Start(HttpRequest request, string bodyForm)
    {
        var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendText(hash, request.Method.ToUpperInvariant());
        AppendText(hash, (request.PathBase + request.Path).Value ?? "");
        AppendText(hash, request.QueryString.Value ?? "");
        AppendText(hash, bodyForm);
        return hash;
    }

    // Length-prefixed, so moving characters from one field to the next changes the hash.
    private static void AppendText(IncrementalHash hash, string text) => hash.AppendData(Encoding.UTF8.GetBytes($"{text.Length}:{text}\n"));

    private static async Task AppendStreamAsync(IncrementalHash hash, Stream stream, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long length = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                length += read;
            }

            AppendText(hash, $"end {length}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
