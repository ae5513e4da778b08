namespace TrialStartup.Api.Idempotency;

using Microsoft.AspNetCore.Mvc;

/// <summary>Marks a POST endpoint that takes <c>Idempotency-Key</c> (the OpenAPI document names the header on it).</summary>
public sealed class IdempotencyKeysMetadata
{
    public static readonly IdempotencyKeysMetadata Instance = new();

    private IdempotencyKeysMetadata()
    {
    }
}

/// <summary>Puts <see cref="IdempotencyFilter"/> on a group of endpoints.</summary>
public static class IdempotencyConventions
{
    /// <summary>
    /// Adds the filter and turns on request body buffering for POSTs carrying <c>Idempotency-Key</c>. Endpoint filters
    /// run after parameter binding has read a JSON body, so the body must be made re-readable before binding, which
    /// only a wrapper around the endpoint's request delegate can do; the filter then hashes the buffered bytes.
    /// </summary>
    public static TBuilder WithIdempotencyKeys<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Add(endpoint =>
        {
            // A POST takes the header, and may then be answered by the filter: a malformed key (400), the same key still
            // running (409) or reused for another request (422).
            if (endpoint.Metadata.OfType<IHttpMethodMetadata>().Any(m => m.HttpMethods.Contains(HttpMethods.Post, StringComparer.OrdinalIgnoreCase)))
            {
                endpoint.Metadata.Add(IdempotencyKeysMetadata.Instance);
                foreach (var status in (int[])[StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity])
                {
                    endpoint.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ["application/problem+json"]));
                }
            }

            if (endpoint.RequestDelegate is not { } inner)
            {
                return;
            }

            endpoint.RequestDelegate = context =>
            {
                if (IdempotencyFilter.Applies(context.Request))
                {
                    context.Request.EnableBuffering();
                }

                return inner(context);
            };
        });
        return builder.AddEndpointFilter<TBuilder, IdempotencyFilter>();
    }
}
