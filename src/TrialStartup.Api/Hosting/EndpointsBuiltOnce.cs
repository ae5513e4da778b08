namespace TrialStartup.Api.Hosting;

using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;

/// <summary>
/// Builds the host's endpoints once, and early. ASP.NET Core builds every minimal API endpoint (RequestDelegateFactory
/// compiling each handler with its filters, about half a second for ours) each time a data source is asked for them,
/// and two ask: the authorization middleware's policy cache while the pipeline is built, and routing at the first
/// request. Each data source is wrapped so that both get the same endpoints, and the build starts on another core while
/// the host prepares its database (benchmarks/README.md, "Ready in 1.6 s").
/// </summary>
public static class EndpointsBuiltOnce
{
    /// <summary>
    /// Wraps every data source mapped so far, and starts building their endpoints in the background. Call it after the
    /// last Map call: a data source mapped later is not wrapped, and is built as ASP.NET Core builds it.
    /// </summary>
    public static void BuildEndpointsAhead(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var wrapped = endpoints.DataSources.Select(source => source as BuiltOnceDataSource ?? new BuiltOnceDataSource(source)).ToList();
        endpoints.DataSources.Clear();
        foreach (var source in wrapped)
        {
            endpoints.DataSources.Add(source);
        }

        // A failure here is not lost: the pipeline's own ask builds again, and throws.
        _ = Task.Run(() =>
        {
            foreach (var source in wrapped)
            {
                source.TryBuild();
            }
        });
    }

    /// <summary>A data source whose endpoints are built once, until the source it wraps says they changed.</summary>
    internal sealed class BuiltOnceDataSource(EndpointDataSource source) : EndpointDataSource
    {
        private readonly Lock _building = new();
        private (IChangeToken Changes, IReadOnlyList<Endpoint> Endpoints)? _built;

        public override IReadOnlyList<Endpoint> Endpoints
        {
            get
            {
                lock (_building)
                {
                    if (_built is not { } built || built.Changes.HasChanged)
                    {
                        // The token is taken before the build, so a change during the build is seen at the next ask.
                        var changes = source.GetChangeToken();
                        built = (changes, source.Endpoints);
                        _built = built;
                    }

                    return built.Endpoints;
                }
            }
        }

        public override IChangeToken GetChangeToken() => source.GetChangeToken();

        public override IReadOnlyList<Endpoint> GetGroupedEndpoints(RouteGroupContext context) => source.GetGroupedEndpoints(context);

        // The background build. A failed build is not kept: the pipeline's own ask builds again and throws.
        internal void TryBuild()
        {
            try
            {
                _ = Endpoints;
            }
#pragma warning disable CA1031 // thrown again, where it matters, by the pipeline's own ask
            catch (Exception)
            {
            }
#pragma warning restore CA1031
        }
    }
}
