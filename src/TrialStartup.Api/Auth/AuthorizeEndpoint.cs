namespace TrialStartup.Api.Auth;

using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using TrialStartup.Data.Accounts;
using static OpenIddict.Abstractions.OpenIddictConstants;

/// <summary>
/// The authorization endpoint (authorization code with PKCE) and sign-out, for browser applications: a person signed
/// in with <see cref="SignInCookie"/> is issued a code for the application without a consent screen (applications are
/// registered by the installation); anyone else goes to the sign-in page first. <c>prompt=login</c> and
/// <c>max_age</c> send the person back to the sign-in page, which is how an application asks for the fresh sign-in a
/// signature needs.
/// </summary>
public static class AuthorizeEndpoint
{
    /// <summary>Where the endpoint listens.</summary>
    public const string Path = "/connect/authorize";

    /// <summary>Where applications sign the person out.</summary>
    public const string EndSessionPath = "/connect/logout";

    /// <summary>Maps both endpoints.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapMethods(Path, [HttpMethods.Get, HttpMethods.Post], (Delegate)AuthorizeAsync).ExcludeFromDescription().AllowAnonymous();
        app.MapMethods(EndSessionPath, [HttpMethods.Get, HttpMethods.Post], (Delegate)EndSessionAsync).ExcludeFromDescription().AllowAnonymous();
    }

    private static async Task<IResult> AuthorizeAsync(HttpContext http, UserManager<Account> users, TimeProvider clock)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("OpenIddict did not handle the authorization request");
        var session = await http.AuthenticateAsync(SignInCookie.Scheme);
        var now = clock.GetUtcNow();
        var signedInAt = long.TryParse(session.Principal?.GetClaim(Claims.AuthenticationTime), out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : (DateTimeOffset?)null;
        var fresh = session.Succeeded && signedInAt is not null && !request.HasPromptValue(PromptValues.Login)
            && (request.MaxAge is not { } maxAge || now - signedInAt.Value <= TimeSpan.FromSeconds(maxAge));
        var account = fresh && session.Principal!.GetClaim(Claims.Subject) is { } subject ? await users.FindByIdAsync(subject) : null;
        if (account is null || account.DeactivatedAt is not null || await users.IsLockedOutAsync(account))
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.LoginRequired,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "the person must sign in",
                }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
            }

            // Back here after signing in, without prompt=login (else the page would come back for ever); max_age is then met.
            var parameters = request.GetParameters().Where(p => p.Key != Parameters.Prompt)
                .Select(p => new KeyValuePair<string, string?>(p.Key, (string?)p.Value));
            var returnUrl = http.Request.PathBase + Path + QueryString.Create(parameters);
            await http.SignOutAsync(SignInCookie.Scheme);
            return Results.Redirect($"{SignInCookie.LoginPath}?returnUrl={Uri.EscapeDataString(returnUrl)}");
        }

        return Results.SignIn(TokenPrincipals.ForAccount(account, await users.GetRolesAsync(account), signedInAt!.Value, request.GetScopes()),
            authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> EndSessionAsync(HttpContext http)
    {
        await http.SignOutAsync(SignInCookie.Scheme);

        // OpenIddict sends the browser to the application's registered post_logout_redirect_uri, or to this site's root.
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }
}
