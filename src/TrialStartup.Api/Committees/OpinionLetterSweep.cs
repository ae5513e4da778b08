namespace TrialStartup.Api.Committees;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Dossier.Storage;
using TrialStartup.Data;
using TrialStartup.Data.Committees;
using TrialStartup.Workflows.Runtime;

/// <summary>
/// Issues the opinion letters still owed: committee items decided with a signed decision and no letter. An item is in
/// that state when the institution's own system decided its task by message (the consumer, which the Worker host may run,
/// renders no PDF) or when rendering its letter failed. Every Api host runs the sweep every <see cref="Interval"/>;
/// <see cref="CommitteeRecords.IssueOwedLetterAsync"/> holds the item's row, so two hosts issue one letter.
/// </summary>
/// <remarks>
/// An item is left alone for <see cref="Grace"/> after its decision, while the request that decided it issues its own
/// letter, and looked at for <see cref="LookBack"/>: a letter that still fails after that is left to the secretary, whom
/// the item tells that its letter is missing, rather than retried (and logged) forever.
/// </remarks>
public sealed partial class OpinionLetterSweep(IServiceScopeFactory scopes, TimeProvider clock, ILogger<OpinionLetterSweep> logger) : BackgroundService
{
    /// <summary>How long an item's own decision has to issue its letter before the sweep does.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    /// <summary>How long after its decision the sweep keeps trying an item.</summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromDays(2);

    /// <summary>How often each Api host sweeps.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    /// <summary>Issues the letters owed by items decided before <paramref name="decidedBefore"/> (and within <see cref="LookBack"/> of it); returns how many it issued.</summary>
    public async Task<int> IssueOwedAsync(DateTimeOffset decidedBefore, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
        var store = scope.ServiceProvider.GetRequiredService<IDocumentStore>();
        // PostgreSQL keeps instants in UTC and refuses to compare with another offset.
        var before = decidedBefore.ToUniversalTime();
        var since = before - LookBack;
        var owed = await db.ReviewItems.AsNoTracking()
            .Where(i => i.Status == ReviewItem.Decided && i.OpinionLetterId == null && i.DecisionId != null && i.DecidedAt < before && i.DecidedAt >= since)
            .OrderBy(i => i.DecidedAt).Select(i => i.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        var issued = 0;
        foreach (var itemId in owed)
        {
            db.ChangeTracker.Clear();
            var (result, _) = await CommitteeRecords.IssueOwedLetterAsync(db, store, itemId, Actor.System.Name, clock.GetUtcNow(), logger, cancellationToken)
                .ConfigureAwait(false);
            if (result == OwedLetter.Issued)
            {
                issued++;
            }
        }

        return issued;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    var issued = await IssueOwedAsync(clock.GetUtcNow() - Grace, stoppingToken).ConfigureAwait(false);
                    if (issued > 0)
                    {
                        LogIssued(logger, issued);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogFailed(logger, e); // the next sweep tries again
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Issued {Issued} opinion letters owed by items decided outside the committee's screens")]
    private static partial void LogIssued(ILogger logger, int issued);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sweep for owed opinion letters failed; it runs again in five minutes")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
