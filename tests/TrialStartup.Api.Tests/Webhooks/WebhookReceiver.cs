namespace TrialStartup.Api.Tests.Webhooks;

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

/// <summary>
/// A subscriber's endpoint, as a sponsor's or hospital's system would run it: a real Kestrel server on a fixed loopback
/// port (so it can be stopped and started again at the same address), one path per subscriber, each verifying the
/// Standard Webhooks signature with its subscription's secret and dropping repeats by <c>webhook-id</c>.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, string> _secrets = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Received>> _events = new();
    private readonly ConcurrentQueue<(string Path, string WebhookId, DateTimeOffset At)> _arrivals = new();
    private WebApplication? _app;
    private int _badSignatures;

    private WebhookReceiver(int port) => Port = port;

    public int Port { get; }

    /// <summary>The status every path answers with (200 unless a test makes it fail).</summary>
    public int AnswerStatus { get; set; } = StatusCodes.Status200OK;

    /// <summary>How long every path waits before it answers.</summary>
    public TimeSpan AnswerDelay { get; set; }

    /// <summary>Deliveries whose signature did not verify (never counted as received).</summary>
    public int BadSignatures => _badSignatures;

    /// <summary>Starts on a free loopback port.</summary>
    public static async Task<WebhookReceiver> StartAsync()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var receiver = new WebhookReceiver(port);
        await receiver.RestartAsync();
        return receiver;
    }

    /// <summary>The address of <paramref name="path"/>'s endpoint.</summary>
    public string Url(string path) => $"http://127.0.0.1:{Port}/{path}";

    /// <summary>Verifies <paramref name="path"/>'s deliveries with <paramref name="secret"/>.</summary>
    public void Expect(string path, string secret) => _secrets[path] = secret;

    /// <summary>Each event <paramref name="path"/> received, once per webhook-id.</summary>
    public IReadOnlyList<Received> EventsOf(string path) =>
        _events.TryGetValue(path, out var events) ? [.. events.Values] : [];

    /// <summary>Every arrival at <paramref name="path"/> (repeats included), in order.</summary>
    public IReadOnlyList<DateTimeOffset> ArrivalsOf(string path) => [.. _arrivals.Where(a => a.Path == path).Select(a => a.At)];

    /// <summary>Every arrival, repeats included.</summary>
    public int Arrivals => _arrivals.Count;

    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>Starts (again) on the same port.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/{path}", async (string path, HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            var id = request.Headers["webhook-id"].ToString();
            _arrivals.Enqueue((path, id, DateTimeOffset.UtcNow));
            await Task.Delay(AnswerDelay);
            if (AnswerStatus is >= 300 and < 400)
            {
                return Results.Redirect(Url("elsewhere"), preserveMethod: true); // which a sender must not follow
            }

            if (AnswerStatus != StatusCodes.Status200OK)
            {
                return Results.StatusCode(AnswerStatus);
            }

            try
            {
                new StandardWebhook(_secrets[path]).Verify(body, request.Headers);
            }
            catch (WebhookVerificationException)
            {
                Interlocked.Increment(ref _badSignatures);
                return Results.StatusCode(StatusCodes.Status401Unauthorized);
            }

            var json = JsonDocument.Parse(body).RootElement;
            _events.GetOrAdd(path, _ => new()).TryAdd(id, new Received(id, json.GetProperty("type").GetString()!, json.GetProperty("data").Clone()));
            return Results.NoContent();
        });
        await app.StartAsync();
        _app = app;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>One event as received.</summary>
    /// <param name="WebhookId">Its webhook-id.</param>
    /// <param name="Type">Its type.</param>
    /// <param name="Data">Its data.</param>
    public sealed record Received(string WebhookId, string Type, JsonElement Data)
    {
        public Guid TrialId => Data.GetProperty("trialId").GetGuid();

        public Guid SiteProjectId => Data.GetProperty("siteProjectId").GetGuid();
    }
}
