namespace TrialStartup.Api.Authorities;

using TrialStartup.Api.Auth;
using TrialStartup.Api.Problems;
using TrialStartup.Data.Accounts;

/// <summary>
/// Keeps a regional authority's callers to aggregates: on every <c>/api/v1</c> endpoint not marked
/// <see cref="OpenToAuthorities{TBuilder}"/>, a caller acting for an authority is refused before the handler runs (so
/// nothing is read, written or audited). Refusing by default means an endpoint added later, which checks only that
/// the caller is signed in, cannot show an authority a dossier, a document, a decision's reasons or a person.
/// </summary>
public static class AuthorityBoundary
{
    /// <summary>Lets authority callers reach the endpoint: its aggregates, and the administration of its own people and systems.</summary>
    public static TBuilder OpenToAuthorities<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(OpenToAuthoritiesMarker.Instance);

    /// <summary>Whether <paramref name="endpoint"/> was marked open to authorities.</summary>
    public static bool IsOpenToAuthorities(Endpoint? endpoint) => endpoint?.Metadata.GetMetadata<OpenToAuthoritiesMarker>() is not null;

    /// <summary>The refusal every other endpoint gives an authority's caller.</summary>
    public static IResult Refusal() =>
        ApiProblems.Forbidden("a regional authority reads aggregates only: /api/v1/authority and its figures");

    /// <summary>The endpoint filter of the <c>/api/v1</c> group.</summary>
    internal sealed class Filter : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            ArgumentNullException.ThrowIfNull(context);
            ArgumentNullException.ThrowIfNull(next);
            var http = context.HttpContext;
            return http.User.FindFirst(TrialStartupClaims.OrganisationType)?.Value == OrganisationKinds.Authority && !IsOpenToAuthorities(http.GetEndpoint())
                ? Refusal()
                : await next(context);
        }
    }

    private sealed class OpenToAuthoritiesMarker
    {
        public static readonly OpenToAuthoritiesMarker Instance = new();
    }
}
