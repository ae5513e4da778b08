namespace TrialStartup.Api.Audit;

using System.Globalization;
using System.Text;
using System.Text.Json;
using StandardWebhooks;
using TrialStartup.Data;
using TrialStartup.Data.Chains;
using TrialStartup.Messaging.Hosting;

/// <summary>
/// Records the day's checkpoint of every hash chain (<see cref="ChainCheckpoints"/>) once a UTC day, and exports its hash
/// outside the database: a line in the log and, when configured, a POST to <see cref="TrialStartupOptions.AuditSettings.CheckpointExportUrl"/>.
/// Every Api host may run it: the first to find the day without a checkpoint records it, the others find it recorded.
/// </summary>
public sealed partial class ChainCheckpointService(IServiceScopeFactory scopes, TimeProvider clock, IHttpClientFactory http,
    Microsoft.Extensions.Options.IOptions<TrialStartupOptions> options, ILogger<ChainCheckpointService> logger) : BackgroundService
{
    /// <summary>The type of the posted checkpoint's body.</summary>
    public const string CheckpointEventType = "audit.checkpoint";

    /// <summary>The named HTTP client of the export.</summary>
    public const string ExportClient = "chain-checkpoint-export";

    /// <summary>Records the day's checkpoint if there is none yet, and exports it when this call recorded it.</summary>
    public async Task<ChainCheckpoint> RecordTodayAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
        var (checkpoint, recorded) = await new ChainCheckpoints(db, clock).RecordTodayAsync(cancellationToken).ConfigureAwait(false);
        if (recorded)
        {
            await ExportAsync(checkpoint, cancellationToken).ConfigureAwait(false);
        }

        return checkpoint;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Audit.CheckpointCheckInterval, clock);
        do
        {
            try
            {
                await RecordTodayAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e); // the next check tries again
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    // The log line is the export every installation has; an operator's log shipping takes it outside the database.
    private async Task ExportAsync(ChainCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        if (checkpoint.Intact)
        {
            LogRecorded(logger, checkpoint.Sequence, IsoDay(checkpoint.Day), checkpoint.Hash, checkpoint.Heads, checkpoint.Verification);
        }
        else
        {
            LogRecordedBroken(logger, checkpoint.Sequence, IsoDay(checkpoint.Day), checkpoint.Hash, checkpoint.Heads, checkpoint.Verification);
        }

        if (options.Value.Audit.CheckpointExportUrl is not { Length: > 0 } url)
        {
            return;
        }

        try
        {
            // A Standard Webhooks body and headers, like every other webhook of the product, signed when a secret is set.
            var id = $"checkpoint-{checkpoint.Sequence}";
            var sentAt = clock.GetUtcNow();
            var body = JsonSerializer.Serialize(new { type = CheckpointEventType, timestamp = sentAt, data = new ChainCheckpointView(checkpoint) },
                JsonSerializerOptions.Web);
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("webhook-id", id);
            request.Headers.Add("webhook-timestamp", sentAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
            if (options.Value.Audit.CheckpointExportSecret is { Length: > 0 } secret)
            {
                request.Headers.Add("webhook-signature", new StandardWebhook(secret).Sign(id, sentAt, body));
            }

            using var response = await http.CreateClient(ExportClient).SendAsync(request, cancellationToken).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
        }
        catch (Exception e) when (e is HttpRequestException or FormatException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogExportFailed(logger, url, checkpoint.Sequence, e.Message); // the log line above still holds the hash
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Chain checkpoint {Sequence} of {Day}: hash {Hash} (keep it outside the database; {Heads} chain heads recorded). {Verification}")]
    private static partial void LogRecorded(ILogger logger, long sequence, string day, string hash, int heads, string verification);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Chain checkpoint {Sequence} of {Day}: hash {Hash} ({Heads} chain heads recorded), but verification found a broken chain: {Verification}")]
    private static partial void LogRecordedBroken(ILogger logger, long sequence, string day, string hash, int heads, string verification);

    // Log messages format a DateOnly in the invariant culture (12/04/2026), which a reader in China takes for 12 April.
    private static string IsoDay(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Posting chain checkpoint {Sequence} to {Url} failed: {Reason}")]
    private static partial void LogExportFailed(ILogger logger, string url, long sequence, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording the day's chain checkpoint failed; trying again at the next check")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
