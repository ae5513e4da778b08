namespace TrialStartup.Api.Tests.Workspace;

using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.Tests.Identity;
using TrialStartup.Api.Tests.Infrastructure;

/// <summary>
/// The headers and cookies a browser gets, on the host as an installation runs it (the environment named Production or
/// Staging, not Development or Testing): a content security policy of this host alone with scripts from it only, no
/// sniffing, no framing, a same-origin referrer, and a sign-in and an antiforgery cookie a script cannot read that travel
/// over TLS only. Cookies are read from Set-Cookie by hand: an HTTP client would not send a Secure cookie back over http.
/// </summary>
public sealed class SecurityHeadersTests
{
    private const string SignInCookie = "TrialStartup.SignIn";
    private const string AntiforgeryCookie = ".AspNetCore.Antiforgery.";

    // The only sources the policy may name: this host, nothing, inline styles (MudBlazor's style attributes) and data:
    // URLs for images and fonts. A remote origin, a scheme such as https:, or a wildcard would load from elsewhere.
    private static readonly HashSet<string> OwnSources = ["'self'", "'none'", "'unsafe-inline'", "data:"];

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task OutsideDevelopment_EveryAnswerIsGuarded_AndTheCookiesAreSecureHttpOnlyAndSameSite(string environment)
    {
        await using var api = new EnvironmentApiFactory(environment);
        using var http = api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        var login = await http.GetAsync(new Uri("/account/login", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        AssertGuarded(login);
        var antiforgery = Assert.Single(SetCookies(login), c => c.Name.StartsWith(AntiforgeryCookie, StringComparison.Ordinal));
        Assert.True(antiforgery.Secure, $"the antiforgery cookie is not Secure: {antiforgery.Header}");
        Assert.True(antiforgery.HttpOnly, $"the antiforgery cookie is readable by scripts: {antiforgery.Header}");
        Assert.Equal("strict", antiforgery.SameSite);

        var signedIn = await SignInAsync(http, login, antiforgery);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        AssertGuarded(signedIn);
        var session = Assert.Single(SetCookies(signedIn), c => c.Name == SignInCookie);
        Assert.True(session.Secure, $"the sign-in cookie is not Secure: {session.Header}");
        Assert.True(session.HttpOnly, $"the sign-in cookie is readable by scripts: {session.Header}");
        Assert.Equal("lax", session.SameSite);

        // A workspace page, a script it loads, an API refusal: each answer carries the same headers.
        var page = await SendAsync(http, "/", session, antiforgery);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        AssertGuarded(page);
        var script = await SendAsync(http, "/_framework/blazor.web.js", session, antiforgery);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        AssertGuarded(script);
        var refused = await http.GetAsync(new Uri("/api/v1/trials", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        AssertGuarded(refused);
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Testing")]
    public async Task InDevelopmentAndTesting_TheCookiesFollowTheRequest_SoPlainHttpOnLocalhostKeepsThem(string environment)
    {
        // The embedded default runs on http://localhost, where a browser drops a Secure cookie: there the cookies are
        // Secure only over https, and still HttpOnly and SameSite.
        await using var api = new EnvironmentApiFactory(environment);
        using var http = api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        var login = await http.GetAsync(new Uri("/account/login", UriKind.Relative));
        AssertGuarded(login);
        var antiforgery = Assert.Single(SetCookies(login), c => c.Name.StartsWith(AntiforgeryCookie, StringComparison.Ordinal));
        var session = Assert.Single(SetCookies(await SignInAsync(http, login, antiforgery)), c => c.Name == SignInCookie);

        Assert.False(antiforgery.Secure, antiforgery.Header);
        Assert.False(session.Secure, session.Header);
        Assert.True(antiforgery.HttpOnly && session.HttpOnly, $"{antiforgery.Header} / {session.Header}");
        Assert.Equal("lax", session.SameSite);
    }

    // The policy names this host alone and runs no script but its own files; nothing frames a page, nothing sniffs a type.
    private static void AssertGuarded(HttpResponseMessage response)
    {
        var where = $"{response.RequestMessage?.RequestUri?.PathAndQuery} ({(int)response.StatusCode})";
        Assert.True(response.Headers.TryGetValues("Content-Security-Policy", out var values), $"{where} has no Content-Security-Policy");
        var policy = Directives(Assert.Single(values));
        Assert.Equal(["'self'"], policy["default-src"]);
        Assert.Equal(["'self'"], policy["script-src"]);
        Assert.Equal(["'none'"], policy["frame-ancestors"]);
        Assert.Equal(["'none'"], policy["frame-src"]);
        Assert.Equal(["'none'"], policy["object-src"]);
        Assert.Equal(["'self'"], policy["base-uri"]);
        Assert.Equal(["'self'"], policy["form-action"]);
        Assert.All(policy, directive => Assert.True(directive.Value.All(OwnSources.Contains),
            $"{where}: {directive.Key} names a source beyond this host: {string.Join(' ', directive.Value)}"));
        Assert.All(policy.Where(d => d.Key != "style-src"), directive => Assert.DoesNotContain("'unsafe-inline'", directive.Value));

        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        Assert.Equal(["DENY"], response.Headers.GetValues("X-Frame-Options"));
        Assert.Equal(["same-origin"], response.Headers.GetValues("Referrer-Policy"));
    }

    private static Dictionary<string, string[]> Directives(string policy) =>
        policy.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(d => d[0], d => d[1..], StringComparer.Ordinal);

    // The sign-in page's form, posted as a browser would, with the antiforgery cookie the page set.
    private static async Task<HttpResponseMessage> SignInAsync(HttpClient http, HttpResponseMessage login, CookieHeader antiforgery)
    {
        var form = BrowserSignInTests.Form(await login.Content.ReadAsStringAsync());
        form["returnUrl"] = "/";
        form["email"] = "site-office@sh-site.demo";
        form["password"] = DemoSeed.Password;
        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri("/account/login", UriKind.Relative)) { Content = new FormUrlEncodedContent(form) };
        post.Headers.Add("Cookie", antiforgery.Pair);
        return await http.SendAsync(post);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string path, params CookieHeader[] cookies)
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        get.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => c.Pair)));
        return await http.SendAsync(get);
    }

    private static IEnumerable<CookieHeader> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var headers) ? headers.Select(CookieHeader.Parse) : [];

    /// <summary>One Set-Cookie header: the name=value pair and its attributes.</summary>
    private sealed record CookieHeader(string Header, string Name, string Pair, bool Secure, bool HttpOnly, string? SameSite)
    {
        public static CookieHeader Parse(string header)
        {
            var parts = header.Split(';', StringSplitOptions.TrimEntries);
            var attributes = parts[1..].Select(a => a.Split('=', 2)).ToLookup(a => a[0].ToLowerInvariant(), a => a.Length > 1 ? a[1] : "");
            return new CookieHeader(header, parts[0].Split('=', 2)[0], parts[0], attributes.Contains("secure"), attributes.Contains("httponly"),
                attributes["samesite"].FirstOrDefault()?.ToLowerInvariant());
        }
    }

    /// <summary>The host of <see cref="ApiFactory"/> (SQLite, demo data) in the environment named <paramref name="environment"/>.</summary>
    private sealed class EnvironmentApiFactory(string environment) : ApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment(environment);
        }
    }
}
