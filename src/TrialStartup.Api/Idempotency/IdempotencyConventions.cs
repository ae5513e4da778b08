namespace TrialStartup.Api.Idempotency;

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
