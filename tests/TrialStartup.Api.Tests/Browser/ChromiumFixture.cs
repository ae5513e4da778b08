namespace TrialStartup.Api.Tests.Browser;

using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Playwright;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.TestServers;
using Xunit.Abstractions;

/// <summary>
/// One Playwright driver and one headless Chromium (<see cref="ChromiumExecutable"/>) for every test of
/// <see cref="BrowserCollection"/>: launching the browser is the costly part, so it happens once; each test gets a
/// fresh, isolated <see cref="IBrowserContext"/> (cookies, storage, language, screen) from <see cref="OpenAsync"/>.
/// Nothing is launched where Chromium is not available: the tests are skipped then
/// (<see cref="ChromiumFactAttribute"/>, <see cref="ChromiumTheoryAttribute"/>).
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    // The tests told where their browser and host come from: once a test, however many browsers it opens.
    private readonly ConditionalWeakTable<ITestOutputHelper, object> _told = [];
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The browser, launched once.</summary>
    public IBrowser Browser => _browser ?? throw new InvalidOperationException(
        $"Chromium was not launched: {ChromiumExecutable.UnavailableReason ?? "the fixture was not initialised"} (mark the test [ChromiumFact] or [ChromiumTheory], which skip it then)");

    /// <summary>How long starting Playwright's driver and launching Chromium took, once for the collection.</summary>
    public TimeSpan LaunchDuration { get; private set; }

    public async Task InitializeAsync()
    {
        if (ChromiumExecutable.Path is not { } executable)
        {
            return;
        }

        var launch = Stopwatch.StartNew();
        _playwright = await Playwright.CreateAsync();

        // Playwright passes --no-sandbox itself (ChromiumSandbox defaults to false), which Chromium needs as root.
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Timeout = 60_000,
        });
        LaunchDuration = launch.Elapsed;
    }

    /// <summary>
    /// A fresh browser context and page for one test against <paramref name="host"/>, as <paramref name="options"/>
    /// (English on a desktop screen when none); screenshots go to <c>TestResults/screenshots/{testClass}/</c>. Dispose it
    /// at the end of the test.
    /// </summary>
    public Task<BrowserSession> OpenAsync(KestrelApiFactory host, Type testClass, ITestOutputHelper output, BrowserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(output);
        var first = FirstTimeFor(output);
        if (first)
        {
            output.WriteLine($"host on {host.Provider} at {host.BaseAddress}, started once in {host.StartDuration.TotalMilliseconds:0} ms");
        }

        return OpenAsync(host.BaseAddress, testClass, output, options, first, host.Log);
    }

    /// <inheritdoc cref="OpenAsync(KestrelApiFactory, Type, ITestOutputHelper, BrowserOptions?)"/>
    public Task<BrowserSession> OpenAsync(Uri baseAddress, Type testClass, ITestOutputHelper output, BrowserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        return OpenAsync(baseAddress, testClass, output, options, FirstTimeFor(output), hostLog: null);
    }

    private Task<BrowserSession> OpenAsync(Uri baseAddress, Type testClass, ITestOutputHelper output, BrowserOptions? options, bool firstOfTest,
        CapturedLog? hostLog)
    {
        if (firstOfTest)
        {
            output.WriteLine($"{ChromiumExecutable.Version} at {ChromiumExecutable.Path}, launched once for the collection in {LaunchDuration.TotalMilliseconds:0} ms");
        }

        return BrowserSession.OpenAsync(Browser, baseAddress, testClass, output, options ?? BrowserOptions.English, hostLog);
    }

    private bool FirstTimeFor(ITestOutputHelper output) => _told.TryAdd(output, this);

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
