namespace TrialStartup.Api.Tests.Hosting;

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using TrialStartup.Api.Hosting;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.TestServers;

[Collection(ApiCollection.Name)]
public sealed class EndpointsBuiltOnceTests(ApiHosts hosts)
{
    [Fact]
    public async Task Endpoints_OfAHost_AreBuiltOnce_ForEveryoneWhoAsks()
    {
        var api = hosts.For("sqlite");
        using var client = api.CreateClient();
        await client.GetAsync(new Uri("/health/ready", UriKind.Relative));

        // The authorization middleware's policy cache asks the host's own composite; routing makes another of the same
        // data sources. Without the wrapper each builds every endpoint anew.
        var root = Assert.IsType<CompositeEndpointDataSource>(api.Services.GetRequiredService<EndpointDataSource>(), exactMatch: false);
        var routing = new CompositeEndpointDataSource(root.DataSources);

        Assert.All(root.DataSources, source => Assert.IsType<EndpointsBuiltOnce.BuiltOnceDataSource>(source));
        Assert.True(root.Endpoints.Count > 100, $"only {root.Endpoints.Count} endpoints");
        Assert.Equal(root.Endpoints.Count, routing.Endpoints.Count);
        Assert.All(root.Endpoints.Zip(routing.Endpoints), pair => Assert.Same(pair.First, pair.Second));
    }

    [Fact]
    public void Endpoints_OfAWrappedSource_AreBuiltAgainOnlyWhenTheSourceChanges()
    {
        var source = new CountingSource();
        var wrapped = new EndpointsBuiltOnce.BuiltOnceDataSource(source);

        var first = wrapped.Endpoints;
        Assert.Same(first, wrapped.Endpoints);
        Assert.Equal(1, source.Builds);

        source.Change();
        var second = wrapped.Endpoints;

        Assert.NotSame(first, second);
        Assert.Same(second, wrapped.Endpoints);
        Assert.Equal(2, source.Builds);
    }

    [Fact]
    public void Endpoints_WhoseBuildFailed_AreBuiltAgain_AndTheFailureReachesTheOneWhoAsks()
    {
        var source = new CountingSource { FailingBuilds = 2 };
        var wrapped = new EndpointsBuiltOnce.BuiltOnceDataSource(source);

        wrapped.TryBuild(); // the background build swallows it
        var failure = Assert.Throws<InvalidOperationException>(() => wrapped.Endpoints);

        Assert.Equal("a handler cannot be built", failure.Message);
        Assert.Single(wrapped.Endpoints);
        Assert.Equal(3, source.Builds);
    }

    // A data source that counts its builds, fails the first few when told to, and changes when told.
    private sealed class CountingSource : EndpointDataSource
    {
        private CancellationTokenSource _changes = new();

        public int Builds { get; private set; }

        public int FailingBuilds { get; init; }

        public override IReadOnlyList<Endpoint> Endpoints
        {
            get
            {
                Builds++;
                if (Builds <= FailingBuilds)
                {
                    throw new InvalidOperationException("a handler cannot be built");
                }

                return [new Endpoint(_ => Task.CompletedTask, EndpointMetadataCollection.Empty, $"build {Builds}")];
            }
        }

        public override IChangeToken GetChangeToken() => new CancellationChangeToken(_changes.Token);

        public void Change()
        {
            var changed = _changes;
            _changes = new CancellationTokenSource();
            changed.Cancel();
            changed.Dispose();
        }
    }
}
