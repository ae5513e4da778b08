namespace TrialStartup.Api.Tests.Browser;

using TrialStartup.Api.Organisations;
using TrialStartup.Api.Tests.Identity.Accounts;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Workflows.Definitions;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

/// <summary>
/// A person's own account in the browser, reached from their name at the top of every page: they change their password
/// (the current one is asked for, and this browser stays signed in while the old password stops working), and they turn
/// on an authenticator app from its QR code, after which signing in asks for its code. Each test invites its own person
/// through the API: the demo people are shared by every browser test of the host.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccountBrowserTests(ChromiumFixture chromium, BrowserHosts hosts, ITestOutputHelper output)
{
    [ChromiumTheory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task APerson_ChangesTheirPassword_InChinese_AndStaysSignedInWhileTheOldOneStopsWorking(string database)
    {
        var host = hosts.For(database);
        var person = await NewPersonAsync(host);
        await using var browser = await chromium.OpenAsync(host, GetType(), output, BrowserOptions.Chinese);
        await browser.GotoAsync("/");
        await browser.SignInAsync(person.Email, AccountSteps.PersonPassword);
        var page = browser.Page;

        await browser.ClickToNavigateAsync(page.Locator("#signed-in-as"), "**/account");
        await WorkspacePages.ReadyAsync(page, interactive: false);
        await Expect(page.Locator("h1")).ToHaveTextAsync("我的账号");
        await Expect(page.Locator("#account-facts")).ToContainTextAsync(person.Email);
        await Expect(page.Locator("#account-facts")).ToContainTextAsync("机构办公室");
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync($"account-zh-{database}");

        // A wrong current password changes nothing, and says so next to the form; so does a mistyped confirmation.
        await ChangePasswordAsync(page, "Wrong-Password-2026", AccountSteps.NewPassword, AccountSteps.NewPassword);
        await Expect(page.Locator("#password-problem")).ToHaveTextAsync("当前密码不正确，密码未修改。");
        await Expect(page.Locator("#current-password")).ToHaveValueAsync(""); // never sent back
        await ChangePasswordAsync(page, AccountSteps.PersonPassword, AccountSteps.NewPassword, "Renewed-Password-2028");
        await Expect(page.Locator("#password-problem")).ToHaveTextAsync("两次输入的密码不一致，请重新输入。");
        await ChangePasswordAsync(page, AccountSteps.PersonPassword, "short", "short");
        await Expect(page.Locator("#password-problem")).ToContainTextAsync("新密码不符合要求");

        await ChangePasswordAsync(page, AccountSteps.PersonPassword, AccountSteps.NewPassword, AccountSteps.NewPassword);

        await Expect(page.Locator("#password-changed")).ToContainTextAsync("密码已修改");
        await Expect(page.Locator("#password-problem")).ToHaveCountAsync(0);
        await browser.ScreenshotAsync($"account-password-changed-zh-{database}");

        // The new password changed the account's security stamp, which ends its sessions; this browser was signed in
        // again with the new stamp (the test host checks sessions on every request), so the next page is still theirs.
        await WorkspacePages.OpenAsync(browser, "/");
        await Expect(page.Locator("#signed-in-as")).ToHaveTextAsync(person.Name);
        var (old, _) = await host.RequestTokenAsync(person.Email, AccountSteps.PersonPassword);
        Assert.False(old.IsSuccessStatusCode, "the old password still signs in after the change");
        var (renewed, body) = await host.RequestTokenAsync(person.Email, AccountSteps.NewPassword);
        Assert.True(renewed.IsSuccessStatusCode, body.ToString());
        browser.AssertNoErrors();
    }

    [ChromiumTheory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task APerson_TurnsOnAnAuthenticatorApp_FromItsQrCode_AndSignInThenAsksForItsCode(string database)
    {
        var host = hosts.For(database);
        var person = await NewPersonAsync(host);
        await using var browser = await chromium.OpenAsync(host, GetType(), output);
        await browser.GotoAsync("/");
        await browser.SignInAsync(person.Email, AccountSteps.PersonPassword);
        var page = browser.Page;
        await browser.GotoAsync("/account");
        await Expect(page.Locator("#authenticator-status")).ToHaveAttributeAsync("data-enabled", "false");

        await SubmitAsync(page, "#start-authenticator");

        await Expect(page.Locator("#authenticator-qr svg")).ToBeVisibleAsync();
        var key = (await page.Locator("#authenticator-key").InnerTextAsync()).Trim();
        Assert.Matches("^[a-z2-7]{4}( [a-z2-7]{1,4})+$", key);
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync($"account-authenticator-qr-{database}");

        // A wrong code keeps the same key on the page (the app has already scanned it) and turns nothing on.
        await page.Locator("#authenticator-code").FillAsync(AccountSteps.WrongTotp(key));
        await SubmitAsync(page, "#confirm-authenticator");
        await Expect(page.Locator("#authenticator-problem")).ToContainTextAsync("not the code the app shows now");
        await Expect(page.Locator("#authenticator-key")).ToHaveTextAsync(key);
        await Expect(page.Locator("#authenticator-status")).ToHaveAttributeAsync("data-enabled", "false");

        await page.Locator("#authenticator-code").FillAsync(AccountSteps.Totp(key, DateTimeOffset.UtcNow));
        await SubmitAsync(page, "#confirm-authenticator");

        await Expect(page.Locator("#authenticator-done")).ToBeVisibleAsync();
        await Expect(page.Locator("#authenticator-status")).ToHaveAttributeAsync("data-enabled", "true");
        await Expect(page.Locator("#start-authenticator")).ToHaveTextAsync("Move to another authenticator app");
        await WorkspacePages.OpenAsync(browser, "/");
        await Expect(page.Locator("#signed-in-as")).ToHaveTextAsync(person.Name); // still signed in after the stamp changed

        // Signed out, the password alone no longer lets them in: the sign-in page asks for the app's code.
        await SignInForm.SubmitAsync(page, () => page.Locator("#sign-out").ClickAsync());
        await browser.SignInAsync(person.Email, AccountSteps.PersonPassword);
        await Expect(page.Locator("#otp")).ToBeVisibleAsync();
        await page.Locator(SignInForm.PasswordField).FillAsync(AccountSteps.PersonPassword);
        await page.Locator("#otp").FillAsync(AccountSteps.Totp(key, DateTimeOffset.UtcNow));
        await SignInForm.SubmitAsync(page, () => page.Locator(SignInForm.SubmitButton).ClickAsync());
        await Expect(page.Locator("#signed-in-as")).ToHaveTextAsync(person.Name);
        browser.AssertNoErrors("POST /account/login 400"); // the sign-in page asking for the code answers 400
    }

    // A site office person of the Shanghai hospital, invited by its demo administrator, with AccountSteps.PersonPassword.
    private static async Task<InvitedPerson> NewPersonAsync(KestrelApiFactory host)
    {
        var admin = await AccountSteps.SignedInAsync(host, "admin@sh-site.demo", DemoSeed.Password);
        return await AccountSteps.InvitedPersonAsync(host, admin, "sh-site", Roles.SiteOffice);
    }

    private static async Task ChangePasswordAsync(Microsoft.Playwright.IPage page, string current, string next, string confirm)
    {
        await page.Locator("#current-password").FillAsync(current);
        await page.Locator("#new-password").FillAsync(next);
        await page.Locator("#confirm-password").FillAsync(confirm);
        await SubmitAsync(page, "#change-password");
    }

    // The account page's forms are enhanced: the answer replaces the page in place. Waiting for that answer means the
    // assertions after it see the new page, not the old one.
    private static async Task SubmitAsync(Microsoft.Playwright.IPage page, string button)
    {
        var answered = page.WaitForResponseAsync(r => r.Url.EndsWith("/account", StringComparison.Ordinal) && r.Request.Method == "POST");
        await page.Locator(button).ClickAsync();
        await answered;
    }
}
