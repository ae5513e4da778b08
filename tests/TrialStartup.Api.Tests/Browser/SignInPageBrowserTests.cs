namespace TrialStartup.Api.Tests.Browser;

using Microsoft.Playwright;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Messaging.Health;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

/// <summary>
/// The sign-in page in a real Chromium against the real host on a socket: its two languages, its accessibility, a wrong
/// and a right password, and the session cookie it leaves. Each test signs in as a demo person of its own, so failed
/// attempts never add up to another test's lockout on the host the browser tests share.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SignInPageBrowserTests(ChromiumFixture chromium, BrowserHosts hosts, ITestOutputHelper output)
{
    private const string WrongPassword = "Not-The-Password-2026";

    // A path of the site (the page returns nowhere else), anonymous and always there, whatever the web workspace serves.
    private const string ReturnPath = HostHealth.LivePath;

    [ChromiumTheory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task SignInPage_ForAnEnglishBrowser_IsInEnglishAndAccessible(string database)
    {
        await using var browser = await OpenAsync(database, BrowserOptions.English);

        var response = await browser.GotoAsync(SignInCookie.LoginPath);

        Assert.Equal(200, response?.Status);
        var page = browser.Page;
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page).ToHaveTitleAsync("Sign in to TrialStartup");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Sign in to TrialStartup");
        await Expect(page.GetByLabel("E-mail address")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Password")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "中文" })).ToHaveAttributeAsync("lang", "zh-CN");
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync($"sign-in-en-desktop-{database}");
        browser.AssertNoErrors();
    }

    [ChromiumTheory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task SignInPage_ForAChineseBrowserOnATablet_IsInChineseAndAccessible(string database)
    {
        await using var browser = await OpenAsync(database, BrowserOptions.Chinese.On(BrowserViewport.Tablet));

        var response = await browser.GotoAsync(SignInCookie.LoginPath);

        Assert.Equal(200, response?.Status);
        var page = browser.Page;
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page).ToHaveTitleAsync("登录 TrialStartup");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("登录 TrialStartup");
        await Expect(page.GetByLabel("电子邮箱")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("密码")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "登录" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "English" })).ToHaveAttributeAsync("lang", "en");
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync($"sign-in-zh-CN-tablet-{database}");
        browser.AssertNoErrors();
    }

    [ChromiumTheory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task LanguageLink_OfAnEnglishPage_ShowsThePageInChinese(string database)
    {
        await using var browser = await OpenAsync(database, BrowserOptions.English);
        await browser.GotoAsync($"{SignInCookie.LoginPath}?returnUrl={Uri.EscapeDataString(ReturnPath)}");

        var response = await SignInForm.SubmitAsync(browser.Page, () => browser.Page.GetByRole(AriaRole.Link, new() { Name = "中文" }).ClickAsync());

        Assert.Equal(200, response?.Status);
        var page = browser.Page;
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("登录 TrialStartup");
        await Expect(page.Locator("input[name=returnUrl]")).ToHaveValueAsync(ReturnPath);
        browser.AssertNoErrors();
    }

    [ChromiumTheory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task WrongPassword_InAnEnglishBrowser_ShowsTheErrorInEnglishAndKeepsTheEmail(string database)
    {
        await using var browser = await OpenAsync(database, BrowserOptions.English);
        const string email = "contract-office@bj-lead.demo";

        var response = await browser.SignInAsync(email, WrongPassword);

        await AssertRefusedAsync(browser, response, email, "en", "The e-mail address or password is wrong.");
        await browser.AssertAccessibleAsync();
    }

    [ChromiumTheory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task WrongPassword_InAChineseBrowser_ShowsTheErrorInChineseAndKeepsTheEmail(string database)
    {
        await using var browser = await OpenAsync(database, BrowserOptions.Chinese);
        const string email = "approval-office@bj-lead.demo";

        var response = await browser.SignInAsync(email, WrongPassword);

        await AssertRefusedAsync(browser, response, email, "zh-CN", "电子邮箱或密码不正确。");
        await browser.ScreenshotAsync($"sign-in-wrong-password-zh-CN-{database}");
    }

    [ChromiumTheory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task RightPassword_SignsTheBrowserIn_AtTheReturnUrl_WithAnHttpOnlyLaxCookie(string database)
    {
        await using var browser = await OpenAsync(database, BrowserOptions.English);
        await browser.GotoAsync($"{SignInCookie.LoginPath}?returnUrl={Uri.EscapeDataString(ReturnPath)}");

        var response = await browser.SignInAsync("site-office@bj-lead.demo", DemoSeed.Password);

        Assert.Equal(200, response?.Status);
        Assert.Equal(new Uri(browser.BaseAddress, ReturnPath), new Uri(browser.Page.Url));
        var cookie = await browser.CookieAsync("TrialStartup.SignIn");
        Assert.NotNull(cookie);
        Assert.True(cookie.HttpOnly, "the session cookie must be out of scripts' reach");
        Assert.Equal(SameSiteAttribute.Lax, cookie.SameSite);
        Assert.Equal("/", cookie.Path);
        Assert.DoesNotContain("TrialStartup.SignIn", await browser.Page.EvaluateAsync<string>("() => document.cookie"), StringComparison.Ordinal);
        browser.AssertNoErrors();
    }

    private Task<BrowserSession> OpenAsync(string database, BrowserOptions options) =>
        chromium.OpenAsync(hosts.For(database), GetType(), output, options);

    private static async Task AssertRefusedAsync(BrowserSession browser, IResponse? response, string email, string language, string error)
    {
        Assert.Equal(400, response?.Status);
        var page = browser.Page;
        Assert.Equal(SignInCookie.LoginPath, new Uri(page.Url).AbsolutePath);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(error);
        await Expect(page.Locator(SignInForm.EmailField)).ToHaveValueAsync(email);
        await Expect(page.Locator(SignInForm.PasswordField)).ToHaveValueAsync("");
        Assert.Null(await browser.CookieAsync("TrialStartup.SignIn"));

        // The page answers a refused sign-in with 400: expected here, and nothing else may fail.
        browser.AssertNoErrors($"POST {SignInCookie.LoginPath} 400");
    }
}
