namespace TrialStartup.Api.Tests.Hosting;

using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TrialStartup.Api.Tests.Browser;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Messaging.Hosting;

/// <summary>
/// A host pointed at a collector sends it traces and metrics over OTLP/HTTP: requests by their route, database commands
/// (PostgreSQL), and the product's own command counts; the health probes stay out of the traces. The receiver is a real
/// HTTP server that keeps what it is sent; OTLP's protobuf carries names as plain UTF-8, which is what is looked for.
/// </summary>
public sealed class TelemetryTests
{
    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task AHostWithACollector_ExportsRequestSpansDatabaseSpansAndTheProductsMetrics(string database)
    {
        await using var collector = await OtlpReceiver.StartAsync();
        using var api = KestrelApiFactory.Start(database, new Dictionary<string, string>
        {
            ["TrialStartup:Telemetry:OtlpEndpoint"] = collector.Address.ToString(),
            ["TrialStartup:Telemetry:ExportInterval"] = "00:00:00.500",
            ["TrialStartup:Telemetry:TraceSampleRatio"] = "1",
        });
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await api.CreateClient().GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
        }

        await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);

        await Eventually.TrueAsync(() => Task.FromResult(collector.Received("/v1/traces", "POST /api/v1/site-projects/{projectId:guid}/decisions")),
            "the decision's request span at the collector");
        Assert.True(collector.Received("/v1/traces", "trialstartup-api"), "spans name their service");
        // The product's meter is the process's: other tests' hosts count commands too, so an export sent before this
        // host's submission can already hold the counter. Wait for this host's action itself.
        await Eventually.TrueAsync(() => Task.FromResult(collector.Received("/v1/metrics", "trialstartup.commands")
                && collector.Received("/v1/metrics", "submit-dossier") && collector.Received("/v1/metrics", "http.server.request.duration")),
            "the product's command counter, counted by action, and ASP.NET Core's request duration at the collector");
        if (database == "postgres")
        {
            Assert.True(collector.Received("/v1/traces", "Npgsql"), "database commands are traced on PostgreSQL");
        }

        // A server span is named by its route ("GET /health/ready"). The test's own calls are traced too, as client spans
        // named by their method with the address as an attribute: the host shares this process and its listeners.
        Assert.False(collector.Received("/v1/traces", "GET /health"), "health probes are not traced");
    }

    [Fact]
    public void WithoutACollector_NothingIsCollected()
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().Build();

        var added = services.AddTrialStartupTelemetry(new TrialStartupOptions.TelemetrySettings(), configuration, "trialstartup-api");

        using var provider = services.BuildServiceProvider();
        Assert.False(added);
        Assert.Null(provider.GetService<TracerProvider>());
        Assert.Null(provider.GetService<MeterProvider>());
    }

    [Theory]
    [InlineData("thrift", 0.1, "TrialStartup:Telemetry:OtlpProtocol")]
    [InlineData("grpc", 1.5, "TrialStartup:Telemetry:TraceSampleRatio")]
    [InlineData("http/protobuf", -0.1, "TrialStartup:Telemetry:TraceSampleRatio")]
    public void ABadSetting_IsRefusedNamingIt(string protocol, double ratio, string setting)
    {
        var settings = new TrialStartupOptions.TelemetrySettings
        {
            OtlpEndpoint = "http://127.0.0.1:4318", OtlpProtocol = protocol, TraceSampleRatio = ratio,
        };

        var refused = Assert.Throws<InvalidOperationException>(() =>
            new ServiceCollection().AddTrialStartupTelemetry(settings, new ConfigurationBuilder().Build(), "trialstartup-api"));

        Assert.Contains(setting, refused.Message, StringComparison.Ordinal);
    }

    /// <summary>A collector's OTLP/HTTP receiver: answers every export with success and keeps the bodies by path.</summary>
    private sealed class OtlpReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<(string Path, byte[] Body)> _exports = new();

        private OtlpReceiver(WebApplication app) => _app = app;

        public Uri Address { get; private set; } = null!;

        public static async Task<OtlpReceiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var receiver = new OtlpReceiver(app);
            app.MapPost("/v1/{signal}", async (HttpContext context) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                receiver._exports.Enqueue((context.Request.Path.Value!, body.ToArray()));
                context.Response.ContentType = "application/x-protobuf"; // an empty Export…ServiceResponse: all accepted
            });
            await app.StartAsync();
            receiver.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
            return receiver;
        }

        public bool Received(string path, string text)
        {
            var wanted = Encoding.UTF8.GetBytes(text);
            return _exports.Any(e => e.Path == path && e.Body.AsSpan().IndexOf(wanted) >= 0);
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
