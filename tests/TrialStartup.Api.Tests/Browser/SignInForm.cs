namespace TrialStartup.Api.Tests.Browser;

using Microsoft.Playwright;
using TrialStartup.Api.Auth;

/// <summary>
/// The product's sign-in page (<see cref="SignInPage"/>, at <see cref="SignInCookie.LoginPath"/>) as a person uses it:
/// typing into its fields and pressing its button, so browser tests sign in the way people do, cookie and all.
/// </summary>
public static class SignInForm
{
    /// <summary>The e-mail field.</summary>
    public const string EmailField = "#email";

    /// <summary>The password field.</summary>
    public const string PasswordField = "#password";

    /// <summary>The form's submit button.</summary>
    public const string SubmitButton = "form button[type=submit]";

    private static readonly TimeSpan NavigationTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Opens the sign-in page unless <paramref name="page"/> shows it already, fills in <paramref name="email"/> and
    /// <paramref name="password"/>, submits, and waits until the page the form leads to has loaded: where the person was
    /// going when it worked, the sign-in page again (with its error) when not. Returns that page's response.
    /// </summary>
    public static async Task<IResponse?> SignInAsync(IPage page, string email, string password)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (!Uri.TryCreate(page.Url, UriKind.Absolute, out var shown) || shown.AbsolutePath != SignInCookie.LoginPath)
        {
            await page.GotoAsync(SignInCookie.LoginPath);
        }

        await page.Locator(EmailField).FillAsync(email);
        await page.Locator(PasswordField).FillAsync(password);
        return await SubmitAsync(page, () => page.Locator(SubmitButton).ClickAsync());
    }

    /// <summary>
    /// Runs <paramref name="submit"/> (a click that posts a form, follows a link) and waits until the main frame has
    /// navigated and the new document has loaded; the new document's response (after any redirects).
    /// </summary>
    public static async Task<IResponse?> SubmitAsync(IPage page, Func<Task> submit)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(submit);

        // The new document commits after the form's answer (and its redirects), and its "load" follows: only a load
        // after that commit is the new page's. Both are listened to before the click, because Playwright's own
        // WaitForLoadStateAsync checks the frame's states and then subscribes without a lock, and misses a "load" that
        // lands between the two (a CI run timed out that way, seeing only the later "networkidle"). The last
        // navigation response is the document's.
        var committed = false;
        var loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        IResponse? document = null;
        void OnNavigated(object? sender, IFrame frame)
        {
            if (frame == page.MainFrame)
            {
                committed = true;
            }
        }

        // Playwright raises both events from its one connection thread, in the browser's order.
        void OnLoad(object? sender, IPage loadedPage)
        {
            if (committed)
            {
                loaded.TrySetResult();
            }
        }

        void OnResponse(object? sender, IResponse response)
        {
            if (response.Request.IsNavigationRequest && response.Frame == page.MainFrame)
            {
                document = response;
            }
        }

        page.FrameNavigated += OnNavigated;
        page.Load += OnLoad;
        page.Response += OnResponse;
        try
        {
            await submit();
            await loaded.Task.WaitAsync(NavigationTimeout);
        }
        catch (TimeoutException e)
        {
            var what = committed ? "the new page did not finish loading" : "no new page";
            throw new TimeoutException($"{what} within {NavigationTimeout.TotalSeconds:0} s of submitting on {page.Url} "
                + "(the browser does not submit a form whose required fields are empty; a Blazor form does not navigate)", e);
        }
        finally
        {
            page.FrameNavigated -= OnNavigated;
            page.Load -= OnLoad;
            page.Response -= OnResponse;
        }

        return document;
    }
}
