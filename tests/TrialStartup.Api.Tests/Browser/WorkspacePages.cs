namespace TrialStartup.Api.Tests.Browser;

using Microsoft.Playwright;
using TrialStartup.Api.Organisations;
using static Microsoft.Playwright.Assertions;

/// <summary>
/// How a person works the web workspace in a browser test: sign in, open a page once it answers clicks, pick from a
/// MudBlazor list. Each step checks the page before the next one.
/// </summary>
public static class WorkspacePages
{
    /// <summary>Signs <paramref name="email"/> in with the demo password and waits for the to-do list.</summary>
    public static async Task SignInAsync(BrowserSession browser, string email)
    {
        ArgumentNullException.ThrowIfNull(browser);
        await browser.GotoAsync("/");
        await browser.SignInAsync(email, DemoSeed.Password);
        await Expect(browser.Page.Locator("#signed-in-as")).ToBeVisibleAsync();
    }

    /// <summary>Opens <paramref name="path"/> and waits until it answers clicks (its circuit is connected, for an interactive page).</summary>
    public static async Task OpenAsync(BrowserSession browser, string path, bool interactive = true)
    {
        ArgumentNullException.ThrowIfNull(browser);
        await browser.GotoAsync(path);
        try
        {
            await ReadyAsync(browser.Page, interactive);
        }
        catch (PlaywrightException e)
        {
            // What the browser saw is the first thing anyone debugging this will want.
            await browser.ScreenshotAsync("not-ready-" + Guid.NewGuid().ToString("N")[..8]);
            throw new PlaywrightException($"{path} did not become ready; console errors: [{string.Join("; ", browser.Errors.ConsoleErrors)}], "
                + $"failed requests: [{string.Join("; ", browser.Errors.FailedRequests)}]", e);
        }
    }

    /// <summary>Waits for the page's heading and, on an interactive page, for the marker its connected circuit renders.</summary>
    public static async Task ReadyAsync(IPage page, bool interactive = true)
    {
        ArgumentNullException.ThrowIfNull(page);
        await Expect(page.Locator("h1")).ToBeVisibleAsync();
        if (interactive)
        {
            // A page's circuit connects after its first render (a cold host takes a few seconds for the first one); the
            // marker names its page, so the previous page's marker, still there during an in-page navigation, does not count.
            await Expect(page.Locator($"[data-interactive='{page.Url}']")).ToBeAttachedAsync(new() { Timeout = 15_000 });
        }
    }

    /// <summary>Picks <paramref name="option"/> of the MudBlazor select whose input has id <paramref name="selectId"/>.</summary>
    public static async Task ChooseAsync(IPage page, string selectId, string option, bool closeAfter = false)
    {
        ArgumentNullException.ThrowIfNull(page);
        var select = page.Locator($"#{selectId}").Locator("xpath=ancestor::div[contains(@class,'mud-select')][1]");
        await select.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = option }).First.ClickAsync();
        if (closeAfter)
        {
            // A multiple choice stays open until the person leaves the list (Escape, or the field again if the key came too early).
            await page.Keyboard.PressAsync("Escape");
            for (var attempt = 0; attempt < 3 && await page.Locator(".mud-popover-open").CountAsync() > 0; attempt++)
            {
                await page.WaitForTimeoutAsync(300);
                if (await page.Locator(".mud-popover-open").CountAsync() > 0)
                {
                    await page.Keyboard.PressAsync("Escape");
                }
            }

            await Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
        }
    }
}
