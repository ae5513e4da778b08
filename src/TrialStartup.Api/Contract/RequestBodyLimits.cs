namespace TrialStartup.Api.Contract;

using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using TrialStartup.Api.Idempotency;

/// <summary>
/// How large a request body of <c>/api/v1</c> may be: <see cref="JsonBytes"/>, unless an endpoint declares a limit of its
/// own (the document upload), instead of the server's default of 30 MB. Routing applies the limit before the body is
/// read; a larger body is answered 413 <c>payload-too-large</c> naming the limit (<c>maxBytes</c>), and the OpenAPI
/// document states each operation's limit in its description and in <see cref="Extension"/>.
/// </summary>
public static class RequestBodyLimits
{
    /// <summary>
    /// 256 KiB. The largest legitimate JSON bodies carry free text with no length limit of its own (a decision's reason,
    /// a resubmission's note); 256 KiB holds some 40,000 characters of it even when a client escapes every Chinese
    /// character as <c>\uXXXX</c> (System.Text.Json's default). Every other member is capped at 2,000 characters or a
    /// list of ids. A body is buffered (for <c>Idempotency-Key</c>) and parsed whole before any check, so the server's
    /// 30 MB would let one request cost a hundred times what the largest real one does.
    /// </summary>
    public const long JsonBytes = 256 * 1024;

    /// <summary>The OpenAPI extension of an operation that states its request body limit, in bytes.</summary>
    public const string Extension = "x-max-request-body-bytes";

    /// <summary>
    /// Limits the request bodies of the group's endpoints to <paramref name="maxBytes"/>, and declares the 413 where an
    /// endpoint reads a body.
    /// </summary>
    public static TBuilder WithRequestBodyLimit<TBuilder>(this TBuilder builder, long maxBytes)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);

        // A group's conventions run before its endpoints' own, so an endpoint's own limit comes later and is the one
        // routing applies (the last IRequestSizeLimitMetadata).
        builder.Add(endpoint => endpoint.Metadata.Add(new RequestSizeLimitAttribute(maxBytes)));

        // Finally: only then is every endpoint's metadata there (what it accepts, its own 413).
        builder.Finally(endpoint =>
        {
            var declared = endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Any(p => p.StatusCode == StatusCodes.Status413PayloadTooLarge);
            if (ReadsBody(endpoint.Metadata) && !declared)
            {
                endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status413PayloadTooLarge, typeof(ProblemDetails),
                    ["application/problem+json"]));
            }
        });
        return builder;
    }

    /// <summary>The request body limit of an endpoint with <paramref name="metadata"/>, or <c>null</c> when it reads no body.</summary>
    public static long? Of(IEnumerable<object> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var all = metadata.ToList();
        return ReadsBody(all) ? all.OfType<IRequestSizeLimitMetadata>().LastOrDefault()?.MaxRequestBodySize : null;
    }

    // A body is read where one is accepted, and by the idempotency filter's hash of a keyed POST (whatever it carries).
    private static bool ReadsBody(IEnumerable<object> metadata) =>
        metadata.Any(m => m is IAcceptsMetadata or IdempotencyKeysMetadata);
}
