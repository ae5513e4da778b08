namespace TrialStartup.Api.Reviews;

using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Problems;
using TrialStartup.Api.RateLimits;
using TrialStartup.Data.Accounts;
using TrialStartup.Messaging.Hosting;

/// <summary>Why a signature's re-authentication failed: the answer, and the code the audit trail records.</summary>
/// <param name="Code">The refusal's code, recorded as the audit entry's outcome.</param>
/// <param name="Answer">The problem answered.</param>
/// <param name="Audited">Whether the refusal is an attempt the audit trail records (a missing password is a malformed request, not an attempt).</param>
public sealed record SignatureRefusal(string Code, IResult Answer, bool Audited);

/// <summary>
/// Signing a decision proves again who signs (21 CFR 11.200(a); China GCP 2020 art. 25): a person of this
/// installation gives their password again, counted towards the lockout like a sign-in; a person of an external
/// provider must have signed in there within <see cref="TrialStartupOptions.IdentitySettings.SignatureFreshness"/>
/// (<c>auth_time</c>; ask the provider with <c>max_age=0</c>); a system (client credentials) must have authenticated
/// with its secret within that time (<c>iat</c>), and names the person who signed in its own system.
/// </summary>
public sealed class SignatureReauthentication(UserManager<Account> users, PasswordCheck passwords, TimeProvider clock,
    IOptions<TrialStartupOptions> options)
{
    /// <summary>Null when <paramref name="caller"/> proved who they are; otherwise the refusal.</summary>
    public async Task<SignatureRefusal?> CheckAsync(Caller caller, string? password)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var identity = options.Value.Identity;
        if (caller.IsSystem || identity.External.IsConfigured)
        {
            // An external provider stamps auth_time on the real clock (its tokens' lifetimes are checked on it too); this
            // installation's tokens are stamped on the host's clock, which a rehearsal may shift.
            var now = identity.External.IsConfigured ? TimeProvider.System.GetUtcNow() : clock.GetUtcNow();
            var provedAt = caller.IsSystem ? caller.IssuedAt : caller.AuthenticatedAt;
            var skew = TimeSpan.FromSeconds(30);
            return provedAt is { } at && at <= now + skew && now - at <= identity.SignatureFreshness + skew
                ? null
                : Refuse("reauthentication-required", caller.IsSystem
                    ? $"a system signs with a token obtained within the last {identity.SignatureFreshness.TotalMinutes:0} minutes: request a new one with the client credentials, then sign"
                    : $"signing needs a fresh sign-in: sign in again at your identity provider (max_age=0) and sign within {identity.SignatureFreshness.TotalMinutes:0} minutes",
                    audited: true);
        }

        if (string.IsNullOrEmpty(password))
        {
            return new("password-missing", ApiProblems.Invalid("signature.password", "signing asks for your password again: send it as signature.password"), false);
        }

        var account = await users.FindByIdAsync(caller.Id).ConfigureAwait(false);
        if (account is null || account.OrganisationId != caller.OrganisationId)
        {
            return Refuse("reauthentication-failed", "the account of this token no longer exists", audited: true);
        }

        var check = await passwords.CheckAsync(account, password, oneTimeCode: null, signing: true).ConfigureAwait(false);
        return check.Outcome switch
        {
            PasswordCheckOutcome.Passed => null,
            PasswordCheckOutcome.LockedOut => Refuse("signing-locked",
                $"signing is locked after repeated wrong passwords until {check.LockedUntil:yyyy-MM-dd HH:mm} UTC; an administrator can reset the password", true),
            PasswordCheckOutcome.Inactive => Refuse("reauthentication-failed", "the account is not active", true),
            // Not an attempt: the password was not checked, so nothing is recorded and nothing counts towards the lockout.
            PasswordCheckOutcome.Throttled => new(ApiRateLimits.ProblemCode, ApiRateLimits.TooManyRequests(check.RetryAfter!.Value,
                $"too many signatures with a password this minute: sign again in {ApiRateLimits.Seconds(check.RetryAfter.Value)} s"), false),
            _ => Refuse("reauthentication-failed", "the password is wrong: nothing was recorded but this refusal", true),
        };
    }

    private static SignatureRefusal Refuse(string code, string detail, bool audited) =>
        new(code, ApiProblems.Problem(StatusCodes.Status403Forbidden, code, "The signature was not accepted", detail), audited);
}
