namespace TrialStartup.Messaging.Outbox;

using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrialStartup.Data;
using TrialStartup.Data.Leases;
using TrialStartup.Data.Outbox;
using TrialStartup.Data.Telemetry;
using TrialStartup.Data.Transactions;
using TrialStartup.Messaging.Hosting;
using TrialStartup.Messaging.Webhooks;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// Publishes what the database committed and then marks it sent. A crash between the two publishes the row again
/// with the same message ids, which consumers' inboxes drop: at-least-once publishing, exactly-once effect. Any number
/// of hosts may run it; a lease lets one dispatch at a time so each stream's messages leave in commit order, and
/// another takes over within <see cref="LeaseDuration"/> when that host dies.
/// </summary>
internal sealed partial class OutboxDispatcher(
    IServiceScopeFactory scopes,
    IBus bus,
    BusStarted busStarted,
    OutboxWakeUp wakeUp,
    WebhookWakeUp webhooks,
    DefinitionCatalog definitions,
    TimeProvider clock,
    IOptions<TrialStartupOptions> options,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    /// <summary>The lease's name in the leases table.</summary>
    public const string LeaseName = "outbox-dispatcher";

    private const int BatchSize = 200;

    // Short against a message's way to another site (the broker, its consumer's transaction), long against one commit.
    private static readonly TimeSpan GatherDelay = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(30);

    // A publish that cannot reach the broker gives up after this long; the batch stays unsent and is retried.
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(15);

    private readonly string _holder = LeaseStore.NewHolder();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = options.Value.Messaging.OutboxPollInterval;
        var failures = 0;
        try
        {
            await busStarted.WaitAsync(stoppingToken).ConfigureAwait(false); // the bus starts beside this service
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var published = await DispatchBatchAsync(stoppingToken).ConfigureAwait(false);
                    failures = 0;
                    if (published == BatchSize)
                    {
                        continue; // more are waiting
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // Broker or database away: keep the rows, back off (up to half a minute) and try again.
                    failures++;
                    LogDispatchFailed(logger, failures, e);
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(30_000, 250 * Math.Pow(2, Math.Min(failures, 7)))), clock, stoppingToken)
                        .ConfigureAwait(false);
                    continue;
                }

                if (await wakeUp.WaitAsync(poll, stoppingToken).ConfigureAwait(false))
                {
                    // Woken by a commit: the commits of the next moment join its batch, rather than one batch (lease, read,
                    // write) per command when many arrive together. Real time, not the product's clock: this is batching.
                    await Task.Delay(GatherDelay, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            await ReleaseLeaseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Publishes up to one batch of unsent rows if this host holds the lease; returns how many rows it sent.</summary>
    internal async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
        if (!await new LeaseStore(db).TryAcquireAsync(LeaseName, _holder, clock.GetUtcNow(), LeaseDuration, cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        // The oldest first. A command's events share one time and their ids are random within it: the stream version breaks
        // the tie, so a batch that ends inside a command holds its first rows, not any.
        var rows = await db.Outbox.AsNoTracking().Where(m => m.SentAt == null).OrderBy(m => m.OccurredAt).ThenBy(m => m.StreamVersion).ThenBy(m => m.Id)
            .Take(BatchSize).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return 0;
        }

        using var activity = ProductTelemetry.Activities.StartActivity("publish outbox batch");
        activity?.SetTag("trialstartup.outbox.rows", rows.Count);

        // Rows carry their messages, built when the command appended; only rows of older builds are translated here.
        var outgoing = await OutboxTranslator.MessagesAsync(db, definitions, rows, cancellationToken).ConfigureAwait(false);

        // Streams in parallel (confirms are round trips), each stream's messages one after another, in commit order: the
        // stream's version order, which the time order above is not when the hosts' clocks differ.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PublishTimeout);
        await Task.WhenAll(outgoing.GroupBy(o => o.Row.StreamId).Select(async stream =>
        {
            foreach (var (row, messages) in stream.OrderBy(o => o.Row.StreamVersion))
            {
                for (var i = 0; i < messages.Count; i++)
                {
                    var messageId = i == 0 ? row.Id : MessageIds.Derive(row.Id, i);
                    await bus.Publish(messages[i], messages[i].GetType(), context =>
                    {
                        context.MessageId = messageId;
                        context.CorrelationId = row.CommandId;
                    }, timeout.Token).ConfigureAwait(false);
                }
            }
        })).ConfigureAwait(false);

        // The rows are marked sent in one statement, and the webhook deliveries their events owe commit with it: none is
        // lost, none written twice (a crash before the commit publishes the batch again, and writes them then).
        var now = clock.GetUtcNow();
        var ids = rows.Select(r => r.Id).ToList();
        var deliveries = await WebhookFanOut.DeliveriesAsync(db, outgoing, now, cancellationToken).ConfigureAwait(false);
        if (deliveries.Count == 0)
        {
            await MarkSentAsync(db, ids, now, cancellationToken).ConfigureAwait(false); // one statement, its own commit
        }
        else
        {
            await using var transaction = await WriteTransaction.BeginAsync(db.Database, cancellationToken).ConfigureAwait(false);
            db.WebhookDeliveries.AddRange(deliveries);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await MarkSentAsync(db, ids, now, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            webhooks.Poke();
        }

        foreach (var row in rows)
        {
            ProductTelemetry.MessagePublished(row.OccurredAt, now);
        }

        return rows.Count;
    }

    private static Task MarkSentAsync(TrialStartupDbContext db, List<Guid> ids, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Outbox.Where(m => ids.Contains(m.Id) && m.SentAt == null).ExecuteUpdateAsync(s => s.SetProperty(m => m.SentAt, now), cancellationToken);

    private async Task ReleaseLeaseAsync()
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
            await new LeaseStore(db).ReleaseAsync(LeaseName, _holder, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or TimeoutException)
        {
            // The lease expires on its own; releasing only saves the next holder the wait.
            LogReleaseFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox dispatch failed ({Failures} in a row); the messages stay unsent and are retried")]
    private static partial void LogDispatchFailed(ILogger logger, int failures, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Could not release the outbox lease; it expires on its own")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception);
}
