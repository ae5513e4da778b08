namespace TrialStartup.Api.Auth;

using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrialStartup.Api.RateLimits;
using TrialStartup.Data;
using TrialStartup.Data.Accounts;
using TrialStartup.Data.Organisations;

/// <summary>
/// The browser's sign-in page: e-mail address, password and, for an account with an authenticator app, its code. The
/// same <see cref="PasswordCheck"/> as the token endpoint (lockout shared). It signs the browser in with
/// <see cref="SignInCookie"/> and returns to where the person was going (only within this site). Its text comes from
/// resources in Simplified Chinese and English: Chinese for a Chinese browser, switchable on the page.
/// </summary>
public sealed class SignInPage
{
    private SignInPage()
    {
    }

    /// <summary>Maps the page and sign-out.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(SignInCookie.LoginPath, Show).ExcludeFromDescription().AllowAnonymous();
        app.MapPost(SignInCookie.LoginPath, SignInAsync).ExcludeFromDescription().AllowAnonymous();
        app.MapPost(SignInCookie.LogoutPath, SignOutAsync).ExcludeFromDescription().AllowAnonymous();
    }

    private static IResult Show(HttpContext http, IStringLocalizer<SignInPage> text, IAntiforgery antiforgery, string? returnUrl = null) =>
        Page(http, text, antiforgery, SafeReturnUrl(returnUrl), email: "", error: null, askForCode: false, StatusCodes.Status200OK);

    private static async Task<IResult> SignInAsync(HttpContext http, IStringLocalizer<SignInPage> text, IAntiforgery antiforgery,
        UserManager<Account> users, PasswordCheck passwords, TimeProvider clock, TrialStartupDbContext db)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var returnUrl = SafeReturnUrl(form["returnUrl"]);
        var email = form["email"].ToString().Trim();
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Page(http, text, antiforgery, returnUrl, email, text["Expired"], askForCode: false, StatusCodes.Status400BadRequest);
        }

        var password = form["password"].ToString();
        var code = form["otp"].ToString();
        if (email.Length == 0 || password.Length == 0)
        {
            return Page(http, text, antiforgery, returnUrl, email, text["Missing"], askForCode: code.Length > 0, StatusCodes.Status400BadRequest);
        }

        var account = await users.FindByNameAsync(email);
        var check = account is null
            ? new PasswordCheckResult(PasswordCheckOutcome.Wrong)
            : await passwords.CheckAsync(account, password, code.Length > 0 ? code : null, signing: false);
        if (check.Passed)
        {
            await BrowserSessions.SignInAsync(http, users, account!, clock.GetUtcNow());
            return Results.Redirect(returnUrl);
        }

        var (lockedUntil, zone) = check is { Outcome: PasswordCheckOutcome.LockedOut, LockedUntil: { } until }
            ? await LockedUntilAsync(db, account!, until, text, http.RequestAborted)
            : ("", "");
        var (error, askForCode) = check.Outcome switch
        {
            PasswordCheckOutcome.LockedOut => (string.Format(CultureInfo.CurrentCulture, text["Locked"], lockedUntil, zone), false),
            PasswordCheckOutcome.SecondFactorRequired => ((string)text["NeedCode"], true),
            PasswordCheckOutcome.Inactive => (text["Inactive"], false),
            PasswordCheckOutcome.Throttled => (string.Format(CultureInfo.CurrentCulture, text["Throttled"], ApiRateLimits.Seconds(check.RetryAfter!.Value)),
                false),
            _ when code.Length > 0 && account is { TwoFactorEnabled: true } => (text["WrongCode"], true),
            _ => ((string)text["Wrong"], false),
        };
        return Page(http, text, antiforgery, returnUrl, email, error, askForCode, StatusCodes.Status400BadRequest);
    }

    /// <summary>
    /// When a lockout ends, and the zone it is told in. The page knows nobody until the password is right, but a lockout
    /// belongs to the account the address names, so it is told in that account's organisation's zone, the one the
    /// workspace shows it every date in (its institution's; China's for sponsors and the platform), never the server's,
    /// which a hospital's machine room may keep at UTC. The zone is named, as a secretary would say it: 北京时间 (Beijing
    /// time) for China's, otherwise its offset from UTC and its name (UTC+09:00 Asia/Tokyo).
    /// </summary>
    private static async Task<(string At, string Zone)> LockedUntilAsync(TrialStartupDbContext db, Account account, DateTimeOffset until,
        IStringLocalizer<SignInPage> text, CancellationToken cancellationToken)
    {
        var zoneId = account.OrganisationKind == OrganisationKind.Institution
            ? await db.Institutions.AsNoTracking().Where(i => i.Id == account.OrganisationId).Select(i => i.TimeZone).SingleOrDefaultAsync(cancellationToken)
            : null;
        zoneId ??= Institution.DefaultTimeZone;
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var found) ? found : TimeZoneInfo.Utc;
        var offset = zone.GetUtcOffset(until);
        var name = zone.Id == Institution.DefaultTimeZone
            ? (string)text["BeijingTime"]
            : string.Create(CultureInfo.InvariantCulture, $"UTC{(offset < TimeSpan.Zero ? '-' : '+')}{offset:hh\\:mm} {zone.Id}");
        return (TrialStartup.Web.Words.DateTime(until, zone.Id), name);
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, IAntiforgery antiforgery)
    {
        if (await antiforgery.IsRequestValidAsync(http))
        {
            await http.SignOutAsync(SignInCookie.Scheme);
        }

        return Results.Redirect(SignInCookie.LoginPath);
    }

    // Only a path of this site: an address elsewhere (or scheme-relative //host) would make the page an open redirect.
    internal static string SafeReturnUrl(string? returnUrl) => TrialStartup.Web.WorkspaceRoutes.IsLocalPath(returnUrl) ? returnUrl! : "/";

    // Encodes markup characters only: Chinese text stays readable in the page source.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private const string Style = """
            <style>
            body { font-family: system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; background: #f4f6f8; margin: 0; }
            main { max-width: 24rem; margin: 4rem auto; background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px #0002; }
            h1 { font-size: 1.4rem; margin: 0 0 .5rem; } p.lead { color: #444; margin: 0 0 1.5rem; }
            label { display: block; margin: 1rem 0 .25rem; font-weight: 600; }
            input { width: 100%; box-sizing: border-box; padding: .6rem; font-size: 1rem; border: 1px solid #889; border-radius: 4px; }
            button { margin-top: 1.5rem; width: 100%; padding: .7rem; font-size: 1rem; background: #0b5cad; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
            .error { background: #fdecea; color: #8a1c12; padding: .75rem; border-radius: 4px; margin-bottom: 1rem; }
            nav { text-align: right; } nav a, .first-time a { color: #0b5cad; } .first-time { margin: 1.5rem 0 0; text-align: center; }
            </style>
        """;

    private static IResult Page(HttpContext http, IStringLocalizer<SignInPage> text, IAntiforgery antiforgery, string returnUrl, string email,
        string? error, bool askForCode, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var html = Encoder;
        var chinese = CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase);
        var other = chinese ? "en" : "zh-CN";
        var switchUrl = $"{SignInCookie.LoginPath}?culture={other}&ui-culture={other}&returnUrl={Uri.EscapeDataString(returnUrl)}";
        var page = new StringBuilder();
        page.Append(CultureInfo.InvariantCulture, $$"""
            <!DOCTYPE html>
            <html lang="{{(chinese ? "zh-CN" : "en")}}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <link rel="icon" href="data:,">
            <title>{{html.Encode(text["Title"])}}</title>
            {{Style}}
            </head>
            <body>
            <main>
            <nav><a href="{{html.Encode(switchUrl)}}" lang="{{other}}">{{html.Encode(text["Language"])}}</a></nav>
            <h1>{{html.Encode(text["Title"])}}</h1>
            <p class="lead">{{html.Encode(text["Lead"])}}</p>
            """);
        if (error is not null)
        {
            page.Append(CultureInfo.InvariantCulture, $"""<div class="error" role="alert" id="sign-in-error">{html.Encode(error)}</div>""");
        }

        page.Append(CultureInfo.InvariantCulture, $"""
            <form method="post" action="{SignInCookie.LoginPath}">
            <input type="hidden" name="{html.Encode(tokens.FormFieldName)}" value="{html.Encode(tokens.RequestToken ?? "")}">
            <input type="hidden" name="returnUrl" value="{html.Encode(returnUrl)}">
            <label for="email">{html.Encode(text["Email"])}</label>
            <input id="email" name="email" type="email" autocomplete="username" required value="{html.Encode(email)}"{(email.Length == 0 ? " autofocus" : "")}>
            <label for="password">{html.Encode(text["Password"])}</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required{(email.Length > 0 && !askForCode ? " autofocus" : "")}>
            """);
        if (askForCode)
        {
            page.Append(CultureInfo.InvariantCulture, $"""
                <label for="otp">{html.Encode(text["OneTimeCode"])}</label>
                <input id="otp" name="otp" inputmode="numeric" autocomplete="one-time-code" maxlength="7" required autofocus>
                """);
        }

        page.Append(CultureInfo.InvariantCulture, $"""
            <button type="submit">{html.Encode(text["SignIn"])}</button>
            </form>
            <p class="first-time"><a href="/account/setup" id="first-time">{html.Encode(text["FirstTime"])}</a></p>
            </main>
            </body>
            </html>
            """);
        return Results.Content(page.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }
}
