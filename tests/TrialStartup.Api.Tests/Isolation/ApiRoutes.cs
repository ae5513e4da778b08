namespace TrialStartup.Api.Tests.Isolation;

using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Tests.Infrastructure;

/// <summary>
/// Every endpoint the host maps under <c>/api/v1</c>, read from its <see cref="EndpointDataSource"/>, so an endpoint
/// added later is covered by the isolation tests without anyone remembering to list it.
/// </summary>
internal static partial class ApiRoutes
{
    public static IReadOnlyList<ApiRoute> Enumerate(ApiFactory api)
    {
        _ = api.Server; // endpoints are built when the host starts
        return [.. api.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => new ApiRoute(m, e)))
            .OrderBy(r => r.Template, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal)];
    }

    [GeneratedRegex(@"\{\**(?<name>[A-Za-z_][A-Za-z0-9_]*)[^}]*\}")]
    public static partial Regex RouteParameter();
}

/// <summary>One method of one mapped route.</summary>
/// <param name="Method">GET, POST …</param>
/// <param name="Endpoint">The endpoint.</param>
internal sealed record ApiRoute(string Method, RouteEndpoint Endpoint)
{
    public string Template => Endpoint.RoutePattern.RawText ?? "";

    public IReadOnlyList<string> RouteParameters => [.. Endpoint.RoutePattern.Parameters.Select(p => p.Name)];

    /// <summary>The handler's Guid parameters that are not in the route: they arrive in the query (filters such as <c>resourceId</c>).</summary>
    public IReadOnlyList<string> GuidQueryParameters =>
        Endpoint.Metadata.GetMetadata<MethodInfo>() is { } handler
            ? [.. handler.GetParameters()
                .Where(p => (p.ParameterType == typeof(Guid) || p.ParameterType == typeof(Guid?)) && p.Name is not null
                    && !RouteParameters.Contains(p.Name, StringComparer.OrdinalIgnoreCase))
                .Select(p => p.Name!)]
            : [];

    /// <summary>The JSON body type the endpoint binds, if it binds one.</summary>
    public Type? JsonBodyType => Endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is { RequestType: { } type } accepts
        && accepts.ContentTypes.Any(c => c.Contains("json", StringComparison.OrdinalIgnoreCase))
            ? type
            : null;

    /// <summary>The path with each route parameter replaced by <paramref name="valueOf"/>.</summary>
    public string PathWith(Func<string, string> valueOf) =>
        ApiRoutes.RouteParameter().Replace(Template, m => Uri.EscapeDataString(valueOf(m.Groups["name"].Value)));

    public override string ToString() => $"{Method} {Template}";
}
