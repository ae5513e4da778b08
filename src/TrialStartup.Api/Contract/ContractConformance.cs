namespace TrialStartup.Api.Contract;

using Microsoft.AspNetCore.Http.Metadata;

/// <summary>
/// Keeps the OpenAPI document true: every answer an endpoint gives must be one it declared where it is mapped (its
/// status, and a body of the declared type), or the request fails with an error that names the endpoint and the
/// undeclared answer. It runs in the test host only (the Testing environment), where the whole test suite exercises
/// the endpoints' answers, refusals included; a production host never pays for it.
/// </summary>
public sealed class ContractConformance : IEndpointFilter
{
    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var result = await next(context).ConfigureAwait(false);
        if (context.HttpContext.GetEndpoint() is not RouteEndpoint endpoint)
        {
            return result;
        }

        // A result without a status of its own (a stream, a file) is a 200; a plain value is serialized as a 200.
        var (status, value) = result switch
        {
            IStatusCodeHttpResult { StatusCode: { } code } => (code, (result as IValueHttpResult)?.Value),
            IResult => (StatusCodes.Status200OK, (result as IValueHttpResult)?.Value),
            _ => (StatusCodes.Status200OK, result),
        };
        var declared = endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Where(d => d.StatusCode == status).ToList();
        if (declared.Count == 0)
        {
            throw new InvalidOperationException(
                $"{Describe(context.HttpContext, endpoint)} answered {status}, which its OpenAPI description does not declare: "
                + $"add .Produces/.ProducesProblem({status}) where it is mapped. The answer was {value?.GetType().Name ?? "empty"}.");
        }

        if (value is not null && !declared.Any(d => d.Type is null || d.Type == typeof(void) || d.Type.IsInstanceOfType(value)))
        {
            throw new InvalidOperationException(
                $"{Describe(context.HttpContext, endpoint)} answered {status} with a {value.GetType().Name}, but declares "
                + string.Join(" or ", declared.Select(d => d.Type?.Name)) + " for it.");
        }

        return result;
    }

    private static string Describe(HttpContext http, RouteEndpoint endpoint) =>
        $"{http.Request.Method} /{endpoint.RoutePattern.RawText?.TrimStart('/')}";
}
