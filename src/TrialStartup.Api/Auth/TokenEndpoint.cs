namespace TrialStartup.Api.Auth;

using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using TrialStartup.Api.RateLimits;
using TrialStartup.Data;
using TrialStartup.Data.Accounts;
using static OpenIddict.Abstractions.OpenIddictConstants;

/// <summary>
/// The token endpoint's decisions. OpenIddict reads the request, authenticates the client, and writes and signs the
/// tokens; this decides who the tokens are for: a person by password (the first-party command-line client), a
/// system by its client credentials, or a refresh of either, re-checked against the account as it is now.
/// </summary>
public static class TokenEndpoint
{
    /// <summary>Where the endpoint listens (published in the discovery document).</summary>
    public const string Path = "/connect/token";

    /// <summary>The first-party public client that may use the password grant (curl, scripts, the demo).</summary>
    public const string CommandLineClientId = "trialstartup-cli";

    /// <summary>The form field carrying the authenticator app's code for an account with a second factor.</summary>
    public const string OneTimeCodeParameter = "otp";

    /// <summary>Maps the endpoint; OpenIddict has validated the request before it runs.</summary>
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost(Path, ExchangeAsync).ExcludeFromDescription().AllowAnonymous();

    private static async Task<IResult> ExchangeAsync(HttpContext http, UserManager<Account> users, PasswordCheck passwords,
        TrialStartupDbContext db, TimeProvider clock)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("OpenIddict did not handle the token request");
        if (request.IsPasswordGrantType())
        {
            var account = await users.FindByNameAsync(request.Username ?? "");
            if (account is null)
            {
                return Refuse(Errors.InvalidGrant, "the user name or password is wrong");
            }

            var check = await passwords.CheckAsync(account, request.Password, (string?)request[OneTimeCodeParameter], signing: false);
            return check.Outcome switch
            {
                PasswordCheckOutcome.Passed => SignIn(TokenPrincipals.ForAccount(account, await users.GetRolesAsync(account),
                    clock.GetUtcNow(), request.GetScopes())),
                PasswordCheckOutcome.LockedOut => Refuse(Errors.InvalidGrant,
                    $"the account is locked after repeated failures until {check.LockedUntil:yyyy-MM-dd HH:mm} UTC; an administrator can reset the password"),
                PasswordCheckOutcome.SecondFactorRequired => Refuse(Errors.InvalidGrant,
                    $"this account uses an authenticator app: send its 6-digit code as '{OneTimeCodeParameter}'"),
                PasswordCheckOutcome.Inactive => Refuse(Errors.InvalidGrant, "the account is not active: accept the invitation first, or ask an administrator"),
                PasswordCheckOutcome.Throttled => Refuse(Errors.InvalidGrant,
                    $"too many password attempts for this account or from this address: try again in {ApiRateLimits.Seconds(check.RetryAfter!.Value)} s"),
                _ => Refuse(Errors.InvalidGrant, "the user name or password is wrong"),
            };
        }

        if (request.IsClientCredentialsGrantType())
        {
            var client = await db.ApiClients.AsNoTracking().SingleOrDefaultAsync(c => c.ClientId == request.ClientId);
            return client is null || client.RevokedAt is not null
                ? Refuse(Errors.InvalidClient, "the client is unknown or was revoked")
                : SignIn(TokenPrincipals.ForClient(client, request.GetScopes()));
        }

        if (request.IsRefreshTokenGrantType() || request.IsAuthorizationCodeGrantType())
        {
            // The code's or refresh token's principal is who signed in then; the account as it is now decides (roles
            // changed, deactivated, locked). OpenIddict has checked the code, its PKCE verifier and redirect address.
            var previous = (await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
            var account = previous?.GetClaim(Claims.Subject) is { } subject ? await users.FindByIdAsync(subject) : null;
            if (account is null || account.DeactivatedAt is not null || await users.IsLockedOutAsync(account))
            {
                return Refuse(Errors.InvalidGrant, "the account is no longer active; sign in again");
            }

            var authenticatedAt = long.TryParse(previous!.GetClaim(Claims.AuthenticationTime), out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : clock.GetUtcNow();
            return SignIn(TokenPrincipals.ForAccount(account, await users.GetRolesAsync(account), authenticatedAt, previous!.GetScopes()));
        }

        return Refuse(Errors.UnsupportedGrantType, "use the password, client_credentials, authorization_code or refresh_token grant");
    }

    private static IResult SignIn(ClaimsPrincipal principal) =>
        Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);

    private static IResult Refuse(string error, string description) =>
        Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
