namespace TrialStartup.Api.Auth;

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using OpenIddict.Validation.AspNetCore;
using TrialStartup.Data;
using TrialStartup.Data.Accounts;
using TrialStartup.Messaging.Hosting;
using static OpenIddict.Abstractions.OpenIddictConstants;

/// <summary>
/// Accounts and tokens. People's accounts are ASP.NET Core Identity's, in the product's database. The host is its own
/// OpenID Connect server (OpenIddict: discovery, JWKS, the token endpoint), and the API accepts its tokens; or, when
/// the deployment names its own provider, the API accepts that provider's tokens instead (discovery and JWKS), with
/// the organisation and roles read from the claims it is told.
/// </summary>
public static class AuthenticationSetup
{
    /// <summary>The authentication scheme of an external provider's tokens.</summary>
    public const string ExternalScheme = "External";

    /// <summary>
    /// The API's policy: a valid token that says who and for which organisation (an external provider's token for an
    /// organisation not registered here reads nothing, not even the directory).
    /// </summary>
    public const string KnownCallerPolicy = "known-caller";

    /// <summary>The policy of administration surfaces (the timer dashboard).</summary>
    public const string PlatformAdministratorsPolicy = "platform-administrators";

    /// <summary>Registers Identity, the token server or the external provider's validation, and the policies.</summary>
    public static void AddTrialStartupAuthentication(this IServiceCollection services, TrialStartupOptions.IdentitySettings settings,
        bool secureCookies = true)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddIdentityCore<Account>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = settings.MinimumPasswordLength;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = settings.MaxFailedAttempts;
                o.Lockout.DefaultLockoutTimeSpan = settings.LockoutDuration;
                o.Lockout.AllowedForNewUsers = true;
                o.ClaimsIdentity.UserIdClaimType = Claims.Subject;
                o.ClaimsIdentity.UserNameClaimType = Claims.Name;
                o.ClaimsIdentity.RoleClaimType = Claims.Role;
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<TrialStartupDbContext>()
            .AddTokenProvider<AuthenticatorTokenProvider<Account>>(TokenOptions.DefaultAuthenticatorProvider);
        services.AddScoped<PasswordCheck>();

        if (settings.External.IsConfigured)
        {
            AddExternalProvider(services, settings.External, secureCookies);
        }
        else
        {
            AddEmbeddedServer(services, settings, secureCookies);
        }

        services.AddAuthorization(o =>
        {
            o.AddPolicy(KnownCallerPolicy, p => p.RequireAuthenticatedUser().RequireAssertion(c => Caller.From(c.User) is not null));
            o.AddPolicy(PlatformAdministratorsPolicy, p => p.AddAuthenticationSchemes(SignInCookie.BrowserOrBearerScheme).RequireAuthenticatedUser()
                .RequireAssertion(c => Caller.From(c.User) is { IsPlatformAdministrator: true }));

            // The web workspace: a person signed in through the browser (never a bearer token: its pages act on cookies).
            o.AddPolicy(TrialStartup.Web.WorkspaceSetup.SignedInPolicy, p => p.AddAuthenticationSchemes(SignInCookie.Scheme).RequireAuthenticatedUser()
                .RequireAssertion(c => Caller.From(c.User) is { IsSystem: false }));
        });
    }

    private static void AddEmbeddedServer(IServiceCollection services, TrialStartupOptions.IdentitySettings settings, bool secureCookies)
    {
        // The keys are in the database, loaded before the host serves; replicas on one database share them.
        services.AddSingleton<IssuerKeys>();
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, IssuerKeys.Credentials>();
        services.AddSingleton(new SharedSetting("TrialStartup:Identity:Issuer", settings.Issuer.Trim()));
        services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<TrialStartupDbContext>().ReplaceDefaultEntities<Guid>())
            .AddServer(o =>
            {
                o.SetTokenEndpointUris(TokenEndpoint.Path)
                    .SetAuthorizationEndpointUris(AuthorizeEndpoint.Path)
                    .SetEndSessionEndpointUris(AuthorizeEndpoint.EndSessionPath);
                if (!string.IsNullOrWhiteSpace(settings.Issuer))
                {
                    o.SetIssuer(new Uri(settings.Issuer, UriKind.Absolute));
                }

                o.AllowPasswordFlow().AllowClientCredentialsFlow().AllowRefreshTokenFlow()
                    .AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                o.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.OfflineAccess, TrialStartupClaims.ApiScope);

                // Access tokens are signed JWTs anyone can check with the published keys (sponsors' gateways too), not
                // encrypted blobs only this host reads.
                o.DisableAccessTokenEncryption();
                o.SetAccessTokenLifetime(settings.AccessTokenLifetime);
                var aspNetCore = o.UseAspNetCore().EnableTokenEndpointPassthrough().EnableAuthorizationEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough();
                if (!settings.RequireHttps)
                {
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            })
            .AddValidation(o =>
            {
                o.UseLocalServer();
                o.UseAspNetCore();
                o.AddAudiences(TrialStartupClaims.Audience);
            });
        services.AddSingleton<TokenPruning>();
        services.AddHostedService(sp => sp.GetRequiredService<TokenPruning>());
        AddBrowserSession(services.AddAuthentication(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme),
            OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme, secureCookies);
    }

    // The browser's session cookie, and the scheme of browser surfaces: the cookie, unless a bearer token is sent. Its
    // keys live in the database (KeyRing), so every replica of the installation reads every replica's cookies.
    private static void AddBrowserSession(AuthenticationBuilder authentication, string bearerScheme, bool secureCookies)
    {
        authentication.Services.AddDatabaseKeyRing();
        AntiforgeryCookie.AddAntiforgery(authentication.Services, secureCookies); // the same rule as the sign-in cookie
        authentication.AddCookie(SignInCookie.Scheme, o =>
        {
            o.LoginPath = SignInCookie.LoginPath;
            o.Cookie.Name = "TrialStartup.SignIn";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            // Secure wherever the installation runs behind TLS; on the embedded default's http://localhost a browser would
            // drop a Secure cookie sent over plain HTTP, so there (Development, Testing) it follows the request.
            o.Cookie.SecurePolicy = secureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = SignInCookie.IdleTimeout;
            o.SlidingExpiration = true;

            // A deactivated person, or one whose password changed, is out at their next request (checked once a minute).
            o.Events.OnValidatePrincipal = BrowserSessions.ValidateAsync;

            // Signed in but not allowed is a 403, not a redirect to an access-denied page the product does not have.
            o.Events.OnRedirectToAccessDenied = c =>
            {
                c.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        authentication.AddPolicyScheme(SignInCookie.BrowserOrBearerScheme, "browser or bearer", o => o.ForwardDefaultSelector = http =>
            http.Request.Headers.Authorization.Count > 0 ? bearerScheme : SignInCookie.Scheme);
    }

    private static void AddExternalProvider(IServiceCollection services, TrialStartupOptions.ExternalProviderSettings external, bool secureCookies)
    {
        services.AddMemoryCache();
        services.AddSingleton(new SharedSetting("TrialStartup:Identity:External:Authority", $"{external.Authority.Trim()} {external.MetadataAddress.Trim()}".Trim()));
        services.AddScoped<IClaimsTransformation, ExternalClaims>();
        services.AddSingleton(external);
        var authentication = services.AddAuthentication(ExternalScheme);
        AddBrowserSession(authentication, ExternalScheme, secureCookies);
        authentication.AddJwtBearer(ExternalScheme, o =>
        {
            o.MapInboundClaims = false;
            if (!string.IsNullOrWhiteSpace(external.Authority))
            {
                o.Authority = external.Authority;
            }

            if (!string.IsNullOrWhiteSpace(external.MetadataAddress))
            {
                o.MetadataAddress = external.MetadataAddress;
            }

            o.Audience = external.Audience;
            o.RequireHttpsMetadata = external.RequireHttpsMetadata;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidAudience = external.Audience,
                NameClaimType = external.NameClaim,
                RoleClaimType = Claims.Role,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
        });
    }
}
