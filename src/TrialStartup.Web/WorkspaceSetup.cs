namespace TrialStartup.Web;

using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using TrialStartup.Web.Components;

/// <summary>
/// Adds the web workspace to a host: Blazor (static server rendering, interactive server where a page reacts),
/// MudBlazor, the language switch and the security headers. The host supplies <see cref="Workspace.IWorkspaceApi"/>
/// and the policy <see cref="SignedInPolicy"/> (who counts as signed in).
/// </summary>
public static class WorkspaceSetup
{
    /// <summary>The authorization policy every page requires: a person signed in through the browser.</summary>
    public const string SignedInPolicy = "Workspace";

    // The page's own origin only. MudBlazor sets style attributes, hence 'unsafe-inline' for styles (never for scripts);
    // the interactive pages talk to the server over this origin's WebSocket. No page frames anything (a document opens in
    // a tab of its own, in the browser's viewer) and nothing may frame a page, this site's own included: frame-src and
    // frame-ancestors 'none', as X-Frame-Options DENY says to browsers that predate frame-ancestors.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; frame-src 'none'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Registers the workspace's services.</summary>
    public static IServiceCollection AddWebWorkspace(this IServiceCollection services)
    {
        // What a prerendered page read is handed to its live page (persisted component state) in the connection's first
        // message; a project page with its history outgrows SignalR's default 32 KB for a message from the browser.
        services.AddRazorComponents().AddInteractiveServerComponents().AddHubOptions(o => o.MaximumReceiveMessageSize = 512 * 1024);
        services.AddMudServices();
        services.AddTransient<MudBlazor.MudLocalizer, WorkspaceMudLocalizer>();
        services.AddCascadingAuthenticationState();
        services.AddScoped<Words>();
        return services;
    }

    /// <summary>Sets the security headers on every answer; call early in the pipeline.</summary>
    public static IApplicationBuilder UseWorkspaceSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "same-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                return Task.CompletedTask;
            });
            return next(context);
        });

    /// <summary>Maps the pages (each requiring <see cref="SignedInPolicy"/>), their static files and the language switch.</summary>
    public static void MapWebWorkspace(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapStaticAssets();
        app.MapGet(WorkspaceRoutes.Culture, SwitchLanguage).AllowAnonymous().ExcludeFromDescription();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().RequireAuthorization(SignedInPolicy);
    }

    // Remembers the choice for a year in ASP.NET Core's culture cookie, then returns to the page (this site only).
    private static IResult SwitchLanguage(HttpContext http, string? set, string? returnUrl)
    {
        var culture = set is "zh-CN" or "en" ? set : "en";
        http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(CultureInfo.GetCultureInfo(culture))),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps, IsEssential = true });
        return Results.LocalRedirect(WorkspaceRoutes.IsLocalPath(returnUrl) ? returnUrl! : "/");
    }
}
