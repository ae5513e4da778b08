namespace TrialStartup.Api.Auth;

using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using TrialStartup.Data.Accounts;
using TrialStartup.Messaging.Hosting;

/// <summary>
/// Whether a browser session still stands for its account: the account exists, is active, and its security stamp is
/// the one the session was signed in with (a new password, a reset or a deactivation changes it). The cookie checks it
/// on requests at most once per <c>Identity:SessionCheckInterval</c>; the workspace's live pages on the same interval.
/// </summary>
public static class BrowserSessions
{
    private const string CheckedAt = ".checked";

    /// <summary>
    /// Signs this browser in as <paramref name="account"/>: the same claims as a token (<see cref="Caller"/> reads
    /// either), when the password was given (<c>auth_time</c>), and the account's security stamp as it is now.
    /// </summary>
    public static async Task SignInAsync(HttpContext http, UserManager<Account> users, Account account, DateTimeOffset authenticatedAt)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(account);
        var principal = TokenPrincipals.ForAccount(account, await users.GetRolesAsync(account).ConfigureAwait(false), authenticatedAt, []);
        var session = new ClaimsPrincipal(new ClaimsIdentity(
            principal.Claims.Append(new Claim(TrialStartupClaims.SessionStamp, account.SecurityStamp ?? "")),
            SignInCookie.Scheme, TrialStartupClaims.Name, TrialStartupClaims.Role));
        await http.SignInAsync(SignInCookie.Scheme, session).ConfigureAwait(false);
    }

    /// <summary>Whether <paramref name="session"/> still stands for an active account with the same security stamp.</summary>
    public static async Task<bool> IsCurrentAsync(UserManager<Account> users, ClaimsPrincipal session)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(session);
        var account = session.FindFirst(TrialStartupClaims.Subject)?.Value is { } id ? await users.FindByIdAsync(id).ConfigureAwait(false) : null;
        return account is { DeactivatedAt: null }
            && string.Equals(account.SecurityStamp ?? "", session.FindFirst(TrialStartupClaims.SessionStamp)?.Value, StringComparison.Ordinal);
    }

    /// <summary>The cookie's check: rejects a session that no longer stands, at most once per interval.</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var services = context.HttpContext.RequestServices;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var interval = services.GetRequiredService<IOptions<TrialStartupOptions>>().Value.Identity.SessionCheckInterval;
        if (context.Properties.Items.TryGetValue(CheckedAt, out var last)
            && DateTimeOffset.TryParse(last, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var checkedAt)
            && now - checkedAt < interval && checkedAt <= now)
        {
            return;
        }

        var users = services.GetRequiredService<UserManager<Account>>();
        if (context.Principal is null || !await IsCurrentAsync(users, context.Principal).ConfigureAwait(false))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(SignInCookie.Scheme).ConfigureAwait(false);
            return;
        }

        context.Properties.Items[CheckedAt] = now.ToString("O", CultureInfo.InvariantCulture);
        context.ShouldRenew = true;
    }
}
