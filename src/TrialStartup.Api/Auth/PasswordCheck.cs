namespace TrialStartup.Api.Auth;

using Microsoft.AspNetCore.Identity;
using TrialStartup.Api.RateLimits;
using TrialStartup.Data.Accounts;

/// <summary>What came of checking a person's password (and second factor).</summary>
public enum PasswordCheckOutcome
{
    /// <summary>The password (and code) were right.</summary>
    Passed,

    /// <summary>Wrong password or code; counted towards the lockout.</summary>
    Wrong,

    /// <summary>Too many wrong attempts: locked until <see cref="PasswordCheckResult.LockedUntil"/>.</summary>
    LockedOut,

    /// <summary>The account has a second factor and no code was sent.</summary>
    SecondFactorRequired,

    /// <summary>Too many checks of this account, or from this address, this minute: not checked; retry after <see cref="PasswordCheckResult.RetryAfter"/>.</summary>
    Throttled,

    /// <summary>Deactivated by an administrator, or the invitation was never accepted.</summary>
    Inactive,
}

/// <summary>The outcome and, when locked, until when; when throttled, how long to wait.</summary>
public sealed record PasswordCheckResult(PasswordCheckOutcome Outcome, DateTimeOffset? LockedUntil = null, TimeSpan? RetryAfter = null)
{
    /// <summary>Whether the person proved who they are.</summary>
    public bool Passed => Outcome == PasswordCheckOutcome.Passed;
}

/// <summary>
/// The one password check, at sign-in and at signing: wrong passwords count together towards the lockout (Identity's
/// failure counter), so guessing at the signature prompt locks sign-in too, and the other way round.
/// </summary>
public sealed class PasswordCheck(UserManager<Account> users, PasswordAttempts attempts, IHttpContextAccessor http)
{
    /// <summary>
    /// Checks <paramref name="password"/> of <paramref name="account"/>; at sign-in (<paramref name="signing"/> false) an
    /// account with a second factor also needs <paramref name="oneTimeCode"/>. A signature is given within a signed-in
    /// session, so the password alone re-authenticates it (21 CFR 11.200(a)(1)(i)).
    /// </summary>
    public async Task<PasswordCheckResult> CheckAsync(Account account, string? password, string? oneTimeCode, bool signing)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (account.DeactivatedAt is not null || !await users.HasPasswordAsync(account).ConfigureAwait(false))
        {
            return new(PasswordCheckOutcome.Inactive);
        }

        if (await users.IsLockedOutAsync(account).ConfigureAwait(false))
        {
            return new(PasswordCheckOutcome.LockedOut, account.LockoutEnd);
        }

        // The request's address; none on a live page's circuit, where the account's own bucket still counts.
        if (attempts.TryTake(account.Id, http.HttpContext?.Connection.RemoteIpAddress) is { } wait)
        {
            return new(PasswordCheckOutcome.Throttled, RetryAfter: wait);
        }

        if (string.IsNullOrEmpty(password) || !await users.CheckPasswordAsync(account, password).ConfigureAwait(false))
        {
            return await FailedAsync(account).ConfigureAwait(false);
        }

        if (!signing && account.TwoFactorEnabled)
        {
            if (string.IsNullOrWhiteSpace(oneTimeCode))
            {
                return new(PasswordCheckOutcome.SecondFactorRequired);
            }

            var code = oneTimeCode.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
            if (!await users.VerifyTwoFactorTokenAsync(account, users.Options.Tokens.AuthenticatorTokenProvider, code).ConfigureAwait(false))
            {
                return await FailedAsync(account).ConfigureAwait(false);
            }
        }

        await users.ResetAccessFailedCountAsync(account).ConfigureAwait(false);
        return new(PasswordCheckOutcome.Passed);
    }

    private async Task<PasswordCheckResult> FailedAsync(Account account)
    {
        await users.AccessFailedAsync(account).ConfigureAwait(false);
        return await users.IsLockedOutAsync(account).ConfigureAwait(false)
            ? new(PasswordCheckOutcome.LockedOut, account.LockoutEnd)
            : new(PasswordCheckOutcome.Wrong);
    }
}
