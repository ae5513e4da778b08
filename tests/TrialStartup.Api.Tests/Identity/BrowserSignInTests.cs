namespace TrialStartup.Api.Tests.Identity;

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Data.Accounts;
using static OpenIddict.Abstractions.OpenIddictConstants;

/// <summary>
/// The browser's sign-in page (in English or Simplified Chinese, with the shared lockout, returning only within this
/// site), the authorization code flow with PKCE that browser applications use through it, and that its cookie never
/// authenticates the API. Each test has a host of its own: they lock accounts and sign people in and out.
/// </summary>
public sealed partial class BrowserSignInTests
{
    private const string SiteOffice = "site-office@bj-lead.demo";
    private const string Callback = "http://localhost/callback";
    private const string CookieName = "TrialStartup.SignIn";

    [Fact]
    public async Task SignInPage_IsEnglishByDefault_ChineseForAChineseBrowser_AndSwitchable()
    {
        await using var api = new ApiFactory();
        var english = await Browser(api).GetAsync(U("/account/login?returnUrl=%2Fsomewhere"));
        var chineseBrowser = Browser(api);
        chineseBrowser.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh-CN"));
        var chinese = await chineseBrowser.GetAsync(U("/account/login"));

        Assert.Equal(HttpStatusCode.OK, english.StatusCode);
        Assert.Equal("text/html", english.Content.Headers.ContentType?.MediaType);
        var englishPage = await english.Content.ReadAsStringAsync();
        var englishText = WebUtility.HtmlDecode(englishPage);
        Assert.Contains("<html lang=\"en\">", englishPage, StringComparison.Ordinal);
        Assert.Contains("Sign in to TrialStartup", englishText, StringComparison.Ordinal);
        Assert.Contains("E-mail address", englishText, StringComparison.Ordinal);
        Assert.DoesNotContain("登录 TrialStartup", englishText, StringComparison.Ordinal);
        Assert.Equal("/somewhere", Form(englishPage)["returnUrl"]);

        Assert.Equal(HttpStatusCode.OK, chinese.StatusCode);
        var chinesePage = await chinese.Content.ReadAsStringAsync();
        var chineseText = WebUtility.HtmlDecode(chinesePage);
        Assert.Contains("<html lang=\"zh-CN\">", chinesePage, StringComparison.Ordinal);
        Assert.Contains("登录 TrialStartup", chineseText, StringComparison.Ordinal);
        Assert.Contains("电子邮箱", chineseText, StringComparison.Ordinal);
        Assert.DoesNotContain("Sign in to TrialStartup", chineseText, StringComparison.Ordinal);

        // Each page links to the other language, keeping where the person was going; following the link switches.
        var toChinese = SwitchLink(englishPage);
        Assert.Equal("zh-CN", toChinese.Lang);
        Assert.Equal("中文", toChinese.Text);
        var switched = await Browser(api).GetAsync(U(toChinese.Href));
        var switchedPage = await switched.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, switched.StatusCode);
        Assert.Contains("<html lang=\"zh-CN\">", switchedPage, StringComparison.Ordinal);
        Assert.Contains("登录 TrialStartup", WebUtility.HtmlDecode(switchedPage), StringComparison.Ordinal);
        Assert.Equal("/somewhere", Form(switchedPage)["returnUrl"]);

        var toEnglish = SwitchLink(chinesePage);
        Assert.Equal("en", toEnglish.Lang);
        Assert.Equal("English", toEnglish.Text);
        var back = await chineseBrowser.GetAsync(U(toEnglish.Href)); // the browser still says zh-CN: the link wins
        var backPage = await back.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"en\">", backPage, StringComparison.Ordinal);
        Assert.Contains("Sign in to TrialStartup", WebUtility.HtmlDecode(backPage), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongPassword_ShowsTheErrorKeepsTheAddressAndDoesNotSignIn_AndFiveLockEvenTheRightPassword()
    {
        await using var api = new ApiFactory();
        var browser = Browser(api);
        const string wrong = "Not-The-Password-123";

        var failed = await SignInAsync(browser, SiteOffice, wrong, "/workspace");

        Assert.Equal(HttpStatusCode.BadRequest, failed.StatusCode);
        var page = await failed.Content.ReadAsStringAsync();
        Assert.Contains("The e-mail address or password is wrong.", ErrorOf(page), StringComparison.Ordinal);
        Assert.Matches("<div [^>]*role=\"alert\"[^>]*id=\"sign-in-error\"|<div [^>]*id=\"sign-in-error\"[^>]*role=\"alert\"", page);
        var form = Form(page);
        Assert.Equal(SiteOffice, form["email"]);
        Assert.Equal("/workspace", form["returnUrl"]);
        Assert.DoesNotContain(wrong, page, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.False(SetsSignInCookie(failed), "a failed sign-in must not set the sign-in cookie");
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync(U("/hangfire"))).StatusCode); // still anonymous

        // An unknown address gets the same answer (nothing tells which addresses exist).
        var unknown = await SignInAsync(browser, "nobody@bj-lead.demo", wrong, "/");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("The e-mail address or password is wrong.", ErrorOf(await unknown.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        // Four more wrong passwords (five in all) lock the account: then even the right password is refused.
        HttpResponseMessage last = failed;
        for (var attempt = 2; attempt <= 5; attempt++)
        {
            last = await SignInAsync(browser, SiteOffice, wrong, "/");
            Assert.Equal(HttpStatusCode.BadRequest, last.StatusCode);
        }

        Assert.Contains("After repeated failures the account is locked until", ErrorOf(await last.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var right = await SignInAsync(browser, SiteOffice, DemoSeed.Password, "/");
        Assert.Equal(HttpStatusCode.BadRequest, right.StatusCode);
        var lockedPage = await right.Content.ReadAsStringAsync();
        Assert.Contains("After repeated failures the account is locked until", ErrorOf(lockedPage), StringComparison.Ordinal);
        Assert.DoesNotContain(DemoSeed.Password, lockedPage, StringComparison.Ordinal);
        Assert.False(SetsSignInCookie(right), "a locked account must not be signed in");

        // The lockout is the token endpoint's too (one counter).
        var (token, _) = await api.RequestTokenAsync(SiteOffice, DemoSeed.Password);
        Assert.Equal(HttpStatusCode.BadRequest, token.StatusCode);
    }

    [Fact]
    public async Task WrongPassword_InChinese_ShowsTheChineseError()
    {
        await using var api = new ApiFactory();
        var browser = Browser(api);
        browser.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh-CN"));

        var failed = await SignInAsync(browser, SiteOffice, "Not-The-Password-123", "/");

        Assert.Equal(HttpStatusCode.BadRequest, failed.StatusCode);
        Assert.Contains("电子邮箱或密码不正确。", ErrorOf(await failed.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALockout_IsToldInTheTimeZoneOfThePersonsInstitution_WithTheZoneNamed_InEitherLanguage()
    {
        // Not in the server's own zone (a machine room may keep UTC): in the zone the workspace shows the person every date
        // in, named as people say it. A Beijing hospital's person reads Beijing time; one of an institution elsewhere reads
        // its offset and zone.
        await using var api = new ApiFactory();
        const string tokyoPerson = "site-office@bj-alliance.demo";
        await api.WithDbAsync(db => db.Institutions.Where(i => i.Code == DemoSeed.AllianceHospital.Code)
            .ExecuteUpdateAsync(i => i.SetProperty(x => x.TimeZone, "Asia/Tokyo")));
        var english = Browser(api);
        var chinese = Browser(api);
        chinese.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh-CN"));
        foreach (var email in new[] { SiteOffice, tokyoPerson })
        {
            for (var attempt = 1; attempt <= 5; attempt++)
            {
                Assert.Equal(HttpStatusCode.BadRequest, (await SignInAsync(english, email, "Not-The-Password-123", "/")).StatusCode);
            }
        }

        var beijing = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        var lockedUntil = await api.WithDbAsync(db => db.Users.Where(u => u.Email == SiteOffice || u.Email == tokyoPerson)
            .ToDictionaryAsync(u => u.Email!, u => u.LockoutEnd!.Value));
        var (inBeijing, inTokyo) = (TimeZoneInfo.ConvertTime(lockedUntil[SiteOffice], beijing), TimeZoneInfo.ConvertTime(lockedUntil[tokyoPerson], tokyo));

        Assert.Equal($"After repeated failures the account is locked until {inBeijing.ToString("d MMM yyyy HH:mm", Culture("en"))} (Beijing time). "
            + "Your administrator can reset the password.", await LockedErrorAsync(english, SiteOffice));
        Assert.Equal($"由于多次输入错误，账号已锁定至 {inBeijing.ToString("yyyy年M月d日 HH:mm", Culture("zh-CN"))}（北京时间）。管理员可为您重置密码。",
            await LockedErrorAsync(chinese, SiteOffice));
        Assert.Equal($"After repeated failures the account is locked until {inTokyo.ToString("d MMM yyyy HH:mm", Culture("en"))} (UTC+09:00 Asia/Tokyo). "
            + "Your administrator can reset the password.", await LockedErrorAsync(english, tokyoPerson));
    }

    [Fact]
    public async Task RightPassword_RedirectsToTheLocalReturnUrlOnly_AndSignsTheBrowserIn()
    {
        await using var api = new ApiFactory();

        var browser = Browser(api);
        var signedIn = await SignInAsync(browser, DemoSeed.PlatformAdministratorEmail, DemoSeed.Password, "/hangfire/jobs/enqueued?x=1");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/hangfire/jobs/enqueued?x=1", signedIn.Headers.Location?.OriginalString);
        Assert.True(SetsSignInCookie(signedIn), "the sign-in cookie was not set");
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(U("/hangfire"))).StatusCode); // the cookie is a session

        foreach (var elsewhere in new[] { "https://evil.example/", "//evil.example", "//evil.example/path", "/\\evil.example", "evil.example", "" })
        {
            var response = await SignInAsync(Browser(api), SiteOffice, DemoSeed.Password, elsewhere);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/", response.Headers.Location?.OriginalString);
            Assert.True(SetsSignInCookie(response), $"the sign-in with returnUrl '{elsewhere}' did not set the cookie");
        }

        // The page itself never offers a return elsewhere either.
        var page = await Browser(api).GetAsync(U("/account/login?returnUrl=" + Uri.EscapeDataString("https://evil.example/")));
        Assert.Equal("/", Form(await page.Content.ReadAsStringAsync())["returnUrl"]);
    }

    [Fact]
    public async Task SignIn_WithoutTheAntiforgeryToken_Is400AndSignsNoOneIn()
    {
        await using var api = new ApiFactory();
        var browser = Browser(api);
        var page = await browser.GetAsync(U("/account/login"));
        var form = Form(await page.Content.ReadAsStringAsync());
        var tokenField = form.Keys.Single(k => k is not ("returnUrl" or "email" or "password" or "otp"));

        // The form without its token (the antiforgery cookie is sent) …
        var withoutToken = new Dictionary<string, string> { ["returnUrl"] = "/", ["email"] = SiteOffice, ["password"] = DemoSeed.Password };
        var missing = await browser.PostAsync(U("/account/login"), new FormUrlEncodedContent(withoutToken));

        // … and the token without the antiforgery cookie (a page elsewhere posting a copied token).
        var withToken = new Dictionary<string, string>(withoutToken) { [tokenField] = form[tokenField] };
        var noCookie = await Browser(api).PostAsync(U("/account/login"), new FormUrlEncodedContent(withToken));

        foreach (var response in new[] { missing, noCookie })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.False(SetsSignInCookie(response), "signed in without a valid antiforgery token");
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("The page had expired; please sign in again.", ErrorOf(html), StringComparison.Ordinal);
            Assert.DoesNotContain(DemoSeed.Password, html, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync(U("/hangfire"))).StatusCode);

        // The same browser with the token signs in: the failure was the token's.
        var good = await browser.PostAsync(U("/account/login"), new FormUrlEncodedContent(withToken));
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        Assert.True(SetsSignInCookie(good), "the sign-in with the token did not set the cookie");
    }

    [Fact]
    public async Task SignOut_EndsTheSession()
    {
        await using var api = new ApiFactory();
        var browser = Browser(api);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(browser, DemoSeed.PlatformAdministratorEmail, DemoSeed.Password, "/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(U("/hangfire"))).StatusCode);

        var form = Form(await (await browser.GetAsync(U("/account/login"))).Content.ReadAsStringAsync());
        var tokenField = form.Keys.Single(k => k is not ("returnUrl" or "email" or "password" or "otp"));
        var signedOut = await browser.PostAsync(U("/account/logout"), new FormUrlEncodedContent(new Dictionary<string, string> { [tokenField] = form[tokenField] }));

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync(U("/hangfire"))).StatusCode);
    }

    [Fact]
    public async Task AuthorizationCodeWithPkce_SignsInThroughThePage_AndTheTokenIsThePersons()
    {
        await using var api = new ApiFactory();
        var clientId = await RegisterClientAsync(api);
        var browser = Browser(api);
        var (verifier, challenge) = Pkce();
        var authorize = AuthorizeUrl(clientId, challenge, "state-1");

        // Not signed in: to the sign-in page, which returns to the authorization request.
        var toSignIn = await browser.GetAsync(U(authorize));
        Assert.Equal(HttpStatusCode.Redirect, toSignIn.StatusCode);
        var location = toSignIn.Headers.Location!.OriginalString;
        Assert.StartsWith("/account/login?returnUrl=", location, StringComparison.Ordinal);
        var returnUrl = QueryHelpers.ParseQuery(new Uri("http://localhost" + location).Query)["returnUrl"].ToString();
        Assert.StartsWith("/connect/authorize?", returnUrl, StringComparison.Ordinal);
        Assert.Equal(Query(authorize), Query(returnUrl));

        var page = await browser.GetAsync(U(location));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var form = Form(await page.Content.ReadAsStringAsync());
        Assert.Equal(returnUrl, form["returnUrl"]);
        var clock = api.Services.GetRequiredService<TimeProvider>();
        form["email"] = SiteOffice;
        form["password"] = DemoSeed.Password;
        var signedIn = await browser.PostAsync(U("/account/login"), new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(returnUrl, signedIn.Headers.Location?.OriginalString);

        // Back at the authorization endpoint, signed in: to the application with a code and its state.
        var code = await CodeAsync(browser, signedIn.Headers.Location!.OriginalString, "state-1");

        // The code needs its verifier: without one, or with another, it is refused (each on a code of its own, so
        // the refusal is the verifier's, not a spent code's).
        var noVerifier = await TokenAsync(api, clientId, code, verifier: null);
        Assert.Equal(HttpStatusCode.BadRequest, noVerifier.Response.StatusCode);
        Assert.False(noVerifier.Body.TryGetProperty("access_token", out _));
        var (_, challenge2) = Pkce();
        var code2 = await CodeAsync(browser, AuthorizeUrl(clientId, challenge2, "state-2"), "state-2"); // the session lets it through
        var wrongVerifier = await TokenAsync(api, clientId, code2, verifier);
        Assert.Equal(HttpStatusCode.BadRequest, wrongVerifier.Response.StatusCode);
        Assert.Equal("invalid_grant", wrongVerifier.Body.GetProperty("error").GetString());
        Assert.False(wrongVerifier.Body.TryGetProperty("access_token", out _));

        // A code with its own verifier gives the person's token.
        var (verifier3, challenge3) = Pkce();
        var code3 = await CodeAsync(browser, AuthorizeUrl(clientId, challenge3, "state-3"), "state-3");
        var tokens = await TokenAsync(api, clientId, code3, verifier3);
        Assert.True(tokens.Response.StatusCode == HttpStatusCode.OK,
            $"src bug: the authorization code with its verifier was refused: {tokens.Body}. TokenEndpoint.ExchangeAsync handles the password, "
            + "client_credentials and refresh_token grants only; the authorization_code grant must take the code's principal and re-check the "
            + "account as the refresh_token branch does (`if (request.IsRefreshTokenGrantType() || request.IsAuthorizationCodeGrantType())`).");
        var accessToken = tokens.Body.GetProperty("access_token").GetString()!;

        var me = await api.ClientWithToken(accessToken).GetAsync(U("/api/v1/me"));
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var person = await me.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((await AccountIdAsync(api, SiteOffice)).ToString(), person.GetProperty("id").GetString());
        Assert.Equal("bj-lead", person.GetProperty("organisationCode").GetString());
        Assert.Contains("site-office", person.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        // auth_time is when the password was given on the page, on the host's clock (not the machine's).
        var authTime = DateTimeOffset.FromUnixTimeSeconds(Payload(accessToken).GetProperty("auth_time").GetInt64());
        var now = clock.GetUtcNow();
        Assert.True((now - authTime).Duration() < TimeSpan.FromMinutes(1), $"auth_time {authTime:O} is not the sign-in time (the host's clock says {now:O})");
    }

    [Fact]
    public async Task Authorize_WithPromptLogin_AsksForThePasswordAgain_AndPromptNoneWithoutASession_IsLoginRequired()
    {
        await using var api = new ApiFactory();
        var clientId = await RegisterClientAsync(api);
        var browser = Browser(api);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(browser, SiteOffice, DemoSeed.Password, "/")).StatusCode);
        var (_, challenge) = Pkce();

        // Signed in, an ordinary request goes straight through …
        _ = await CodeAsync(browser, AuthorizeUrl(clientId, challenge, "s"), "s");

        // … prompt=login sends the person to the page again, which returns to the request without prompt=login.
        var fresh = await browser.GetAsync(U(AuthorizeUrl(clientId, challenge, "s") + "&prompt=login"));
        Assert.Equal(HttpStatusCode.Redirect, fresh.StatusCode);
        var location = fresh.Headers.Location!.OriginalString;
        Assert.StartsWith("/account/login?returnUrl=", location, StringComparison.Ordinal);
        var returnUrl = QueryHelpers.ParseQuery(new Uri("http://localhost" + location).Query)["returnUrl"].ToString();
        Assert.StartsWith("/connect/authorize?", returnUrl, StringComparison.Ordinal);
        Assert.False(QueryHelpers.ParseQuery(new Uri("http://localhost" + returnUrl).Query).ContainsKey("prompt"), returnUrl);
        Assert.Equal(Query(AuthorizeUrl(clientId, challenge, "s")), Query(returnUrl));

        // prompt=none without a session: the application hears login_required, nobody is shown a page.
        var anonymous = Browser(api);
        var none = await anonymous.GetAsync(U(AuthorizeUrl(clientId, challenge, "s-none") + "&prompt=none"));
        Assert.Equal(HttpStatusCode.Redirect, none.StatusCode);
        var callback = none.Headers.Location!;
        Assert.True(callback.IsAbsoluteUri, callback.OriginalString);
        Assert.Equal(Callback, callback.GetLeftPart(UriPartial.Path));
        var answer = QueryHelpers.ParseQuery(callback.Query);
        Assert.Equal("login_required", answer["error"].ToString());
        Assert.Equal("s-none", answer["state"].ToString());
        Assert.False(answer.ContainsKey("code"));
    }

    [Fact]
    public async Task Authorize_WithMaxAgeExceeded_AsksForThePasswordAgain()
    {
        var start = ApiFactory.TestEpoch;
        await using var api = new ClockedApiFactory("sqlite", start);
        var clientId = await RegisterClientAsync(api);
        var browser = Browser(api);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(browser, SiteOffice, DemoSeed.Password, "/")).StatusCode);
        var (_, challenge) = Pkce();

        _ = await CodeAsync(browser, AuthorizeUrl(clientId, challenge, "s") + "&max_age=300", "s");
        api.Clock.Advance(TimeSpan.FromMinutes(10));
        var stale = await browser.GetAsync(U(AuthorizeUrl(clientId, challenge, "s") + "&max_age=300"));

        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        Assert.StartsWith("/account/login?returnUrl=", stale.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInCookie_AloneDoesNotAuthenticateTheApi()
    {
        await using var api = new ApiFactory();
        var browser = Browser(api);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(browser, DemoSeed.PlatformAdministratorEmail, DemoSeed.Password, "/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(U("/hangfire"))).StatusCode); // the cookie is good …

        var me = await browser.GetAsync(U("/api/v1/me")); // … but not for the API
        var people = await browser.GetAsync(U("/api/v1/organisation/people"));

        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, people.StatusCode);
        Assert.Null(me.Headers.Location); // not a redirect to the sign-in page either
    }

    /// <summary>A browser: keeps cookies and does not follow redirects, so the test sees them.</summary>
    internal static HttpClient Browser(ApiFactory api) =>
        api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Opens the sign-in page in <paramref name="browser"/> and submits it, as a person would.</summary>
    internal static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string email, string password, string returnUrl)
    {
        var page = await browser.GetAsync(U("/account/login?returnUrl=" + Uri.EscapeDataString(returnUrl)));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var form = Form(await page.Content.ReadAsStringAsync());
        form["returnUrl"] = returnUrl; // what the page would have posted had it kept it (it keeps only local paths)
        form["email"] = email;
        form["password"] = password;
        return await browser.PostAsync(U("/account/login"), new FormUrlEncodedContent(form));
    }

    /// <summary>The named inputs of the page's form, with their values (HTML-decoded).</summary>
    internal static Dictionary<string, string> Form(string html)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match input in InputPattern().Matches(html))
        {
            var name = AttributePattern("name").Match(input.Value);
            if (name.Success)
            {
                var value = AttributePattern("value").Match(input.Value);
                form[WebUtility.HtmlDecode(name.Groups[1].Value)] = value.Success ? WebUtility.HtmlDecode(value.Groups[1].Value) : "";
            }
        }

        return form;
    }

    // The error the page shows when the right password meets a locked account.
    private static async Task<string> LockedErrorAsync(HttpClient browser, string email)
    {
        var page = await SignInAsync(browser, email, DemoSeed.Password, "/");
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        return ErrorOf(await page.Content.ReadAsStringAsync());
    }

    private static System.Globalization.CultureInfo Culture(string name) => System.Globalization.CultureInfo.GetCultureInfo(name);

    private static string ErrorOf(string html)
    {
        var error = ErrorPattern().Match(html);
        Assert.True(error.Success, "the page shows no element id=\"sign-in-error\"");
        return WebUtility.HtmlDecode(error.Groups[1].Value);
    }

    private static (string Href, string Lang, string Text) SwitchLink(string html)
    {
        var link = SwitchLinkPattern().Match(html);
        Assert.True(link.Success, "the page has no language switch link");
        var href = WebUtility.HtmlDecode(link.Groups["href"].Value);
        Assert.StartsWith("/account/login?", href, StringComparison.Ordinal);
        return (href, link.Groups["lang"].Value, WebUtility.HtmlDecode(link.Groups["text"].Value));
    }

    private static bool SetsSignInCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
        && cookies.Any(c => c.StartsWith(CookieName + "=", StringComparison.Ordinal) && !c.StartsWith(CookieName + "=;", StringComparison.Ordinal));

    private static async Task<string> RegisterClientAsync(ApiFactory api)
    {
        var clientId = "browser-test-" + Guid.NewGuid().ToString("N")[..8];
        await using var scope = api.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientType = ClientTypes.Public,
            DisplayName = "Browser test application",
            RedirectUris = { new Uri(Callback) },
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.GrantTypes.AuthorizationCode,
                Permissions.ResponseTypes.Code, Permissions.Prefixes.Scope + "api",
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        await applications.CreateAsync(descriptor);
        return clientId;
    }

    private static (string Verifier, string Challenge) Pkce()
    {
        var verifier = Base64UrlTextEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64UrlTextEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    private static string AuthorizeUrl(string clientId, string challenge, string state) =>
        QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = clientId,
            ["redirect_uri"] = Callback,
            ["response_type"] = "code",
            ["scope"] = "api",
            ["state"] = state,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        });

    // The parameters of a URL, in order-independent form.
    private static SortedDictionary<string, string> Query(string url) =>
        new(QueryHelpers.ParseQuery(new Uri("http://localhost" + url).Query).ToDictionary(p => p.Key, p => p.Value.ToString()), StringComparer.Ordinal);

    /// <summary>Follows an authorization request of a signed-in browser to the application's callback; the code.</summary>
    private static async Task<string> CodeAsync(HttpClient browser, string authorizeUrl, string state)
    {
        var response = await browser.GetAsync(U(authorizeUrl));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var callback = response.Headers.Location!;
        Assert.True(callback.IsAbsoluteUri, $"expected the callback, was sent to {callback.OriginalString}");
        Assert.Equal(Callback, callback.GetLeftPart(UriPartial.Path));
        var answer = QueryHelpers.ParseQuery(callback.Query);
        Assert.False(answer.ContainsKey("error"), callback.ToString());
        Assert.Equal(state, answer["state"].ToString());
        var code = answer["code"].ToString();
        Assert.False(string.IsNullOrEmpty(code), callback.ToString());
        return code;
    }

    private static async Task<(HttpResponseMessage Response, JsonElement Body)> TokenAsync(ApiFactory api, string clientId, string code, string? verifier)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = Callback,
            ["client_id"] = clientId,
        };
        if (verifier is not null)
        {
            form["code_verifier"] = verifier;
        }

        var response = await api.CreateClient().PostAsync(U("/connect/token"), new FormUrlEncodedContent(form));
        return (response, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static JsonElement Payload(string jwt) =>
        JsonDocument.Parse(Base64UrlTextEncoder.Decode(jwt.Split('.')[1])).RootElement.Clone();

    private static async Task<Guid> AccountIdAsync(ApiFactory api, string email)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var account = await scope.ServiceProvider.GetRequiredService<UserManager<Account>>().FindByEmailAsync(email);
        return account!.Id;
    }

    private static Uri U(string path) => new(path, UriKind.Relative);

    [GeneratedRegex("<input\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InputPattern();

    private static Regex AttributePattern(string name) => new($"\\b{name}=\"([^\"]*)\"", RegexOptions.IgnoreCase);

    [GeneratedRegex("<[a-z]+\\b[^>]*\\bid=\"sign-in-error\"[^>]*>(.*?)</", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex ErrorPattern();

    [GeneratedRegex("<nav>\\s*<a href=\"(?<href>[^\"]*)\" lang=\"(?<lang>[^\"]*)\">(?<text>[^<]*)</a>", RegexOptions.IgnoreCase)]
    private static partial Regex SwitchLinkPattern();
}
