namespace TrialStartup.Api.Idempotency;

/// <summary>Placeholder until the Idempotency-Key handling is written.</summary>
public sealed class IdempotencyFilter : IEndpointFilter
{
    /// <inheritdoc />
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) => next(context);
}
