namespace TrialStartup.Messaging.Webhooks;

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StandardWebhooks;
using TrialStartup.Data;
using TrialStartup.Data.Leases;
using TrialStartup.Data.Outbox;
using TrialStartup.Data.Telemetry;
using TrialStartup.Data.Webhooks;
using TrialStartup.Messaging.Hosting;

/// <summary>Wakes this process's webhook sender when the dispatcher committed deliveries.</summary>
public sealed class WebhookWakeUp : WakeUpSignal;

/// <summary>
/// Posts due webhook deliveries, signed per Standard Webhooks (<c>webhook-id</c>, <c>webhook-timestamp</c>,
/// <c>webhook-signature</c>), and records every attempt. A 2xx answer delivers; anything else (another status, a
/// redirect, which is never followed, a time-out, a refused address) is retried with exponential backoff and jitter.
/// A delivery failing for longer than <see cref="TrialStartupOptions.WebhookSettings.DisableAfter"/> is given up, and a
/// subscription whose every delivery failed that long is disabled (its pending deliveries wait for it to be enabled).
/// Any number of hosts may run it; a lease lets one send at a time.
/// </summary>
internal sealed partial class WebhookSender : BackgroundService
{
    /// <summary>The lease's name in the leases table.</summary>
    public const string LeaseName = "webhook-sender";

    private const int BatchSize = 50;

    private static readonly TimeSpan PruningInterval = TimeSpan.FromHours(1);

    // Longer than a batch can take (50 deliveries, 8 at a time, 10 s each at worst), so two hosts never send one.
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(2);

    private readonly IServiceScopeFactory _scopes;
    private readonly WebhookWakeUp _wakeUp;
    private readonly TimeProvider _clock;
    private readonly TrialStartupOptions.WebhookSettings _settings;
    private readonly ILogger<WebhookSender> _logger;
    private readonly HttpClient _http;
    private readonly string _holder = LeaseStore.NewHolder();
    private DateTimeOffset _nextPruning;

    public WebhookSender(IServiceScopeFactory scopes, WebhookWakeUp wakeUp, TimeProvider clock, IOptions<TrialStartupOptions> options,
        ILogger<WebhookSender> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        (_scopes, _wakeUp, _clock, _settings, _logger) = (scopes, wakeUp, clock, options.Value.Webhooks, logger);
        _http = new HttpClient(Handler(_settings.AllowPrivateAddresses), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("TrialStartup-Webhooks/1");
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var sent = await SendDueAsync(stoppingToken).ConfigureAwait(false);
                    failures = 0;
                    if (sent == BatchSize)
                    {
                        continue;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // The database is away: the deliveries stay as they are; back off (up to half a minute) and try again.
                    failures++;
                    LogSendFailed(_logger, failures, e);
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(30_000, 250 * Math.Pow(2, Math.Min(failures, 7)))), _clock, stoppingToken)
                        .ConfigureAwait(false);
                    continue;
                }

                await _wakeUp.WaitAsync(_settings.PollInterval, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; a delivery cut short is attempted again (receivers drop repeats by webhook-id).
        }
        finally
        {
            await ReleaseLeaseAsync().ConfigureAwait(false);
        }
    }

    // Another host takes over at once rather than when the lease runs out.
    private async Task ReleaseLeaseAsync()
    {
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
            await new LeaseStore(db).ReleaseAsync(LeaseName, _holder, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or TimeoutException or System.Data.Common.DbException)
        {
            LogReleaseFailed(_logger, e);
        }
    }

    /// <summary>Posts up to one batch of due deliveries if this host holds the lease; returns how many it attempted.</summary>
    internal async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
        if (!await new LeaseStore(db).TryAcquireAsync(LeaseName, _holder, _clock.GetUtcNow(), LeaseDuration, cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        var now = _clock.GetUtcNow();
        if (now >= _nextPruning)
        {
            var pruned = await PruneAsync(db, now - _settings.KeepDeliveriesFor, cancellationToken).ConfigureAwait(false);
            if (pruned > 0)
            {
                LogPruned(_logger, pruned, _settings.KeepDeliveriesFor);
            }

            _nextPruning = now + PruningInterval;
        }

        var due = await (
                from d in db.WebhookDeliveries
                join s in db.WebhookSubscriptions on d.SubscriptionId equals s.Id
                where d.State == WebhookDeliveryStates.Pending && d.NextAttemptAt <= now && s.DisabledAt == null
                orderby d.NextAttemptAt
                select new { Delivery = d, Subscription = s })
            .Take(BatchSize).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (due.Count == 0)
        {
            return 0;
        }

        using var activity = ProductTelemetry.Activities.StartActivity("send webhooks");
        activity?.SetTag("trialstartup.webhooks.deliveries", due.Count);
        using var gate = new SemaphoreSlim(Math.Max(1, _settings.Concurrency));
        var answers = await Task.WhenAll(due.Select(async x =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await PostAsync(x.Delivery, x.Subscription, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);

        // Recorded one after another: deliveries of one subscription share its tracked row (its failing clock).
        for (var i = 0; i < due.Count; i++)
        {
            Record(db, due[i].Delivery, due[i].Subscription, answers[i]);
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return due.Count;
    }

    /// <summary>
    /// Removes delivered and failed deliveries created before <paramref name="threshold"/>, with their attempts (every
    /// event owes one per subscription, so the log would grow without end); pending ones stay until they are sent.
    /// </summary>
    internal static async Task<int> PruneAsync(TrialStartupDbContext db, DateTimeOffset threshold, CancellationToken cancellationToken)
    {
        var done = db.WebhookDeliveries.Where(d => d.State != WebhookDeliveryStates.Pending && d.CreatedAt < threshold);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await db.WebhookAttempts.Where(a => done.Any(d => d.Id == a.DeliveryId)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        var removed = await done.ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return removed;
    }

    private async Task<Answer> PostAsync(WebhookDelivery delivery, WebhookSubscription subscription, CancellationToken cancellationToken)
    {
        var at = _clock.GetUtcNow();
        var watch = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_settings.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
            {
                Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
            };

            // The signature's time is the real one, whatever the product's clock says: receivers check it against theirs.
            var signedAt = TimeProvider.System.GetUtcNow();
            request.Headers.Add("webhook-id", delivery.WebhookId);
            request.Headers.Add("webhook-timestamp", signedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("webhook-signature", new StandardWebhook(subscription.Secret).Sign(delivery.WebhookId, signedAt, delivery.Payload));
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            return new Answer(at, status, watch.Elapsed, status is >= 200 and < 300 ? null
                : status is >= 300 and < 400 ? $"answered {status} (a redirect, which webhooks do not follow)"
                : $"answered {status}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Answer(at, null, watch.Elapsed, $"no answer within {_settings.Timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            return new Answer(at, null, watch.Elapsed, e.InnerException is RefusedAddressException refused ? refused.Message : e.Message);
        }
    }

    private void Record(TrialStartupDbContext db, WebhookDelivery delivery, WebhookSubscription subscription, Answer answer)
    {
        db.WebhookAttempts.Add(new WebhookAttempt(Guid.CreateVersion7(answer.At), delivery.Id, delivery.Attempts + 1, answer.At, answer.StatusCode,
            (int)Math.Min(int.MaxValue, answer.Latency.TotalMilliseconds), answer.Error));
        ProductTelemetry.WebhookAttempted(delivery.EventType, answer.Error is null, answer.Latency);
        if (answer.Error is null)
        {
            delivery.Delivered(answer.At, answer.StatusCode!.Value);
            subscription.Succeeded();
            return;
        }

        subscription.Failed(answer.At);
        DateTimeOffset? retryAt = answer.At + RetryDelay(delivery.Retries + 1);
        if (answer.At - subscription.FailingSince >= _settings.DisableAfter)
        {
            subscription.Disable(answer.At, WebhookDisabledReasons.Failing);
            LogDisabled(_logger, subscription.Id, subscription.Url, _settings.DisableAfter);
            retryAt = null;
        }
        else if (answer.At - delivery.RetryingSince >= _settings.DisableAfter)
        {
            retryAt = null;
        }

        delivery.AttemptFailed(answer.At, answer.StatusCode, answer.Error, retryAt);
    }

    /// <summary>The wait after the <paramref name="retry"/>-th failure: doubling from the first delay up to the longest, ±20 % at random.</summary>
    internal TimeSpan RetryDelay(int retry)
    {
        var doubled = _settings.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry - 1, 30));
        var capped = Math.Min(doubled, _settings.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + (0.4 * Random.Shared.NextDouble())));
    }

    // Every connection is checked at the address actually dialled, so a host name that resolves inside later gains nothing;
    // redirects are never followed and no proxy stands between (it would hide the address).
    private static SocketsHttpHandler Handler(bool allowPrivate) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        ConnectCallback = async (context, cancellationToken) =>
        {
            var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken).ConfigureAwait(false);
            var allowed = addresses.Where(a => allowPrivate || !WebhookAddresses.IsInternal(a)).ToArray();
            if (allowed.Length == 0)
            {
                throw new RefusedAddressException($"{context.DnsEndPoint.Host} is at an internal address, which webhooks may not call");
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    private sealed record Answer(DateTimeOffset At, int? StatusCode, TimeSpan Latency, string? Error);

    private sealed class RefusedAddressException(string message) : IOException(message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook sending failed ({Failures} in a row); the deliveries stay queued and are retried")]
    private static partial void LogSendFailed(ILogger logger, int failures, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Removed} webhook deliveries done more than {KeptFor} ago")]
    private static partial void LogPruned(ILogger logger, int removed, TimeSpan keptFor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Could not release the webhook sender's lease; it expires on its own")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook subscription {SubscriptionId} ({Url}) disabled: every delivery failed for {DisableAfter}")]
    private static partial void LogDisabled(ILogger logger, Guid subscriptionId, string url, TimeSpan disableAfter);
}
