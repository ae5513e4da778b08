namespace TrialStartup.Api.RateLimits;

using System.Net;
using System.Threading.RateLimiting;
using TrialStartup.Messaging.Hosting;

/// <summary>
/// The stricter limit where a password is checked (the sign-in page, the token endpoint, signing a decision, changing
/// one's password): checks per account and per client address, each a bucket refilled every minute. The lockout stops
/// guessing at one account after a few wrong passwords; this also slows guessing across many accounts from one address,
/// and keeps the password hash (PBKDF2, ~47 ms of CPU a check) from being turned against the host. The per-address
/// bucket is large enough for a hospital whose staff all come from one address at the start of the day.
/// </summary>
public sealed class PasswordAttempts : IDisposable
{
    private const string AccountPrefix = "account:";

    private readonly PartitionedRateLimiter<string> _limiter;

    /// <summary>Makes the buckets of <paramref name="settings"/>.</summary>
    public PasswordAttempts(TrialStartupOptions.RateLimitSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ =>
        {
            var perMinute = key.StartsWith(AccountPrefix, StringComparison.Ordinal)
                ? settings.PasswordChecksPerAccountPerMinute
                : settings.PasswordChecksPerAddressPerMinute;
            return ApiRateLimits.TokenBucket(perMinute, perMinute, TimeSpan.FromMinutes(1));
        }));
    }

    /// <summary>
    /// Takes one check from the account's bucket and the address's (when known); null when both allowed it, otherwise
    /// how long to wait. A refused check takes nothing from the other bucket.
    /// </summary>
    public TimeSpan? TryTake(Guid accountId, IPAddress? address)
    {
        using var account = _limiter.AttemptAcquire(AccountPrefix + accountId.ToString("N"));
        if (!account.IsAcquired)
        {
            return WaitOf(account);
        }

        if (address is null)
        {
            return null;
        }

        using var fromAddress = _limiter.AttemptAcquire("address:" + address);
        return fromAddress.IsAcquired ? null : WaitOf(fromAddress);
    }

    /// <inheritdoc />
    public void Dispose() => _limiter.Dispose();

    private static TimeSpan WaitOf(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > TimeSpan.Zero ? wait : TimeSpan.FromMinutes(1);
}
