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

        // The new document commits after the form's answer (and its redirects): only then does waiting for "load" mean
        // the new page's load, not the old one's. The last navigation response is the document's.
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        IResponse? document = null;
        void OnNavigated(object? sender, IFrame frame)
        {
            if (frame == page.MainFrame)
            {
                committed.TrySetResult();
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
        page.Response += OnResponse;
        try
        {
            await submit();
            await committed.Task.WaitAsync(NavigationTimeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"no new page within {NavigationTimeout.TotalSeconds:0} s of submitting on {page.Url} "
                + "(the browser does not submit a form whose required fields are empty; a Blazor form does not navigate)", e);
        }
        finally
        {
            page.FrameNavigated -= OnNavigated;
            page.Response -= OnResponse;
        }

        await page.WaitForLoadStateAsync(LoadState.Load);
        return document;
    }
}
