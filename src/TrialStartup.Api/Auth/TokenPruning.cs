namespace TrialStartup.Api.Auth;

using OpenIddict.Abstractions;

/// <summary>
/// Removes, every hour, the token and authorization entries the embedded server no longer needs: revoked, redeemed or
/// expired ones created more than <see cref="KeptFor"/> ago (every token request writes entries, and nothing else
/// removes them). Removing one twice is harmless, so every Api host may run it.
/// </summary>
public sealed partial class TokenPruning(IServiceScopeFactory scopes, TimeProvider clock, ILogger<TokenPruning> logger) : BackgroundService
{
    /// <summary>How long spent entries stay, for investigations.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(14);

    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>Prunes what was created before <paramref name="threshold"/>; returns the entries removed.</summary>
    public async Task<long> PruneAsync(DateTimeOffset threshold, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var tokens = await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().PruneAsync(threshold, cancellationToken).ConfigureAwait(false);
        var authorizations = await scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>()
            .PruneAsync(threshold, cancellationToken).ConfigureAwait(false);
        return tokens + authorizations;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                var removed = await PruneAsync(clock.GetUtcNow() - KeptFor, stoppingToken).ConfigureAwait(false);
                if (removed > 0)
                {
                    LogPruned(logger, removed);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e); // the next hour tries again
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Removed} spent token and authorization entries")]
    private static partial void LogPruned(ILogger logger, long removed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning spent tokens failed; trying again in an hour")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
