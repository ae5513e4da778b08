namespace TrialStartup.Api.Tests.Browser;

using Deque.AxeCore.Commons;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TrialStartup.Api.Tests.Infrastructure;
using Xunit.Abstractions;

/// <summary>
/// One test's browser: a fresh context of the shared Chromium (its own cookies and storage, language, time zone and
/// screen), one page, and the log of what went wrong in it. Relative addresses are the host's
/// (<c>GotoAsync("/account/login")</c>). Made by <see cref="ChromiumFixture.OpenAsync(KestrelApiFactory, Type, ITestOutputHelper, BrowserOptions?)"/>;
/// dispose it to close the context.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly Type _testClass;
    private readonly ITestOutputHelper _output;
    private readonly CapturedLog? _hostLog;

    private BrowserSession(IBrowserContext context, IPage page, Uri baseAddress, Type testClass, ITestOutputHelper output, BrowserOptions options,
        CapturedLog? hostLog)
    {
        Context = context;
        Page = page;
        BaseAddress = baseAddress;
        Options = options;
        _testClass = testClass;
        _output = output;
        _hostLog = hostLog;
        Errors = PageErrorLog.Attach(context, baseAddress);
    }

    /// <summary>The browser context: cookies (<c>CookiesAsync</c>), permissions, more pages.</summary>
    public IBrowserContext Context { get; }

    /// <summary>The page the test drives.</summary>
    public IPage Page { get; }

    /// <summary>The host's address, to which relative addresses resolve.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Who the browser is: language, time zone, screen.</summary>
    public BrowserOptions Options { get; }

    /// <summary>Console errors and failed requests of this browser so far.</summary>
    public PageErrorLog Errors { get; }

    internal static async Task<BrowserSession> OpenAsync(IBrowser browser, Uri baseAddress, Type testClass, ITestOutputHelper output, BrowserOptions options,
        CapturedLog? hostLog)
    {
        ArgumentNullException.ThrowIfNull(browser);
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentNullException.ThrowIfNull(testClass);
        var screen = options.Screen;
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            Locale = options.Locale,
            TimezoneId = options.TimeZone,
            ViewportSize = new ViewportSize { Width = screen.Width, Height = screen.Height },
            HasTouch = screen.HasTouch,
        });
        try
        {
            // Failing fast: a test waits at most 15 s for an element or a page, not Playwright's 30 s.
            context.SetDefaultTimeout(15_000);
            context.SetDefaultNavigationTimeout(15_000);
            var page = await context.NewPageAsync();
            return new BrowserSession(context, page, baseAddress, testClass, output, options, hostLog);
        }
        catch
        {
            await context.CloseAsync();
            throw;
        }
    }

    /// <summary>Opens <paramref name="path"/> of the host (e.g. <c>/account/login</c>); its response.</summary>
    public Task<IResponse?> GotoAsync(string path) => Page.GotoAsync(path);

    /// <summary>Signs in through the real sign-in page (<see cref="SignInForm.SignInAsync"/>).</summary>
    public Task<IResponse?> SignInAsync(string email, string password) => SignInForm.SignInAsync(Page, email, password);

    /// <summary>Saves a full-page screenshot as <c>TestResults/screenshots/{test class}/{name}.png</c>; its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = await Screenshots.SaveAsync(Page, _testClass, name);
        _output.WriteLine($"screenshot: {path}");
        return path;
    }

    /// <summary>
    /// Clicks <paramref name="target"/> and waits until the page is at <paramref name="url"/> (a glob or a regular
    /// expression). When it never gets there, the failure says what the page and the host said instead: the alerts on
    /// the page, console errors, failed requests and the host's last warnings, with a screenshot, because "timeout
    /// waiting for navigation" alone explains nothing.
    /// </summary>
    public Task ClickToNavigateAsync(ILocator target, string url) => NavigateAsync(target, t => t.ClickAsync(), Glob(url));

    /// <inheritdoc cref="ClickToNavigateAsync(ILocator, string)"/>
    public Task ClickToNavigateAsync(ILocator target, Regex url) => NavigateAsync(target, t => t.ClickAsync(), url);

    /// <summary>As <see cref="ClickToNavigateAsync(ILocator, string)"/>, with <paramref name="key"/> pressed on <paramref name="target"/> instead of a click.</summary>
    public Task PressToNavigateAsync(ILocator target, string key, string url) => NavigateAsync(target, t => t.PressAsync(key), Glob(url));

    /// <summary>
    /// Waits until <paramref name="page"/> is at <paramref name="url"/> (a glob such as <c>**/alerts</c>) and loaded.
    /// It watches the address rather than waiting for a navigation event, as <c>WaitForURLAsync</c> does: Blazor's
    /// enhanced navigation can change the address between that method's look at it and its waiter starting to listen,
    /// and it then waits out its timeout for a navigation that has already happened (CI of stop 26, on a fast click).
    /// </summary>
    public static Task ArrivalAsync(IPage page, string url) => ArrivalAsync(page, Glob(url));

    /// <inheritdoc cref="ArrivalAsync(IPage, string)"/>
    public static async Task ArrivalAsync(IPage page, Regex url)
    {
        ArgumentNullException.ThrowIfNull(page);
        await Assertions.Expect(page).ToHaveURLAsync(url, new() { Timeout = 15_000 });
        await LoadedAsync(page);
    }

    /// <summary>
    /// Waits until the document <paramref name="page"/> shows has loaded. It asks the document, rather than calling
    /// <c>WaitForLoadStateAsync</c>: that method looks at the frame's states and then starts listening, without a lock
    /// against Playwright's connection thread, so a "load" landing between the two is missed and it waits out its
    /// timeout (CI of stop 36, on the sign-in form). Playwright runs the check again in a document that replaces this one.
    /// </summary>
    public static async Task LoadedAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        // A polling interval, not animation frames: a tab behind another gets none.
        await page.WaitForFunctionAsync("() => document.readyState === 'complete'", null, new() { PollingInterval = 50, Timeout = 15_000 });
    }

    /// <summary>A Playwright URL glob as a regular expression: <c>**</c> is any text, <c>*</c> any text without a slash, the rest literal.</summary>
    private static Regex Glob(string glob) =>
        new("^" + string.Concat(Regex.Split(glob, @"(\*\*|\*)").Select(part => part switch
        {
            "**" => ".*",
            "*" => "[^/]*",
            _ => Regex.Escape(part),
        })) + "$");

    private async Task NavigateAsync(ILocator target, Func<ILocator, Task> act, Regex url)
    {
        ArgumentNullException.ThrowIfNull(target);
        await act(target);
        try
        {
            await ArrivalAsync(Page, url);
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            var screenshot = await ScreenshotAsync("no-navigation-" + Guid.NewGuid().ToString("N")[..8]);
            var alerts = await Page.Locator(".mud-alert, .blazor-error-boundary, #blazor-error-ui[style*='block']").AllInnerTextsAsync();
            throw new TimeoutException(
                $"after the click or key on {target} the page stayed at {Page.Url} instead of going to {url}; "
                + $"alerts: [{string.Join("; ", alerts)}], console errors: [{string.Join("; ", Errors.ConsoleErrors)}], "
                + $"failed requests: [{string.Join("; ", Errors.FailedRequests)}], screenshot: {screenshot}, "
                + $"the host's last warnings: [{_hostLog?.Tail(10) ?? "not known"}]", e);
        }
    }

    /// <summary>Fails on serious or critical accessibility violations of the page (<see cref="AccessibilityCheck"/>).</summary>
    public Task<AxeResult> AssertAccessibleAsync() => AccessibilityCheck.AssertAccessibleAsync(Page, _output);

    /// <summary>Fails on console errors and failed requests but <paramref name="expectedFailures"/> (<see cref="PageErrorLog.AssertNone"/>).</summary>
    public void AssertNoErrors(params string[] expectedFailures) => Errors.AssertNone(expectedFailures);

    /// <summary>The browser's cookie named <paramref name="name"/> for the host, or null.</summary>
    public async Task<BrowserContextCookiesResult?> CookieAsync(string name) =>
        (await Context.CookiesAsync([BaseAddress.ToString()])).SingleOrDefault(c => c.Name == name);

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
