namespace TrialStartup.Api.Tests.Browser;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Data.Webhooks;
using TrialStartup.Messaging.Webhooks;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

/// <summary>
/// Administrators in the browser: an organisation's administrator invites a person with roles and sees the one-time
/// setup code once; the person sets a password with it and signs in to the workspace their roles give; an API client is
/// created with its secret shown once; a webhook is subscribed with its secret shown once, disabled, enabled, its
/// delivery log read and deleted; the platform's administrator registers a hospital, whose first administrator's setup
/// code is shown once, and reaches the timer dashboard; they register a regional authority covering one hospital, whose
/// coverage they change to another.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AdministrationBrowserTests(ChromiumFixture chromium, BrowserHosts hosts, ITestOutputHelper output)
{
    [ChromiumTheory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task AnInvitedPerson_SetsAPasswordWithTheSetupCode_AndSignsInToTheirWorkspace(string database)
    {
        var host = hosts.For(database);
        await using var admin = await chromium.OpenAsync(host, GetType(), output);
        await WorkspacePages.SignInAsync(admin, "admin@sh-site.demo");
        var page = admin.Page;
        var email = $"new-reviewer-{database}-{Guid.NewGuid():N}"[..40] + "@sh-site.test";

        await WorkspacePages.OpenAsync(admin, "/admin/people");
        await admin.AssertAccessibleAsync();
        await admin.ScreenshotAsync($"admin-people-{database}");
        await page.Locator("#invite-email").FillAsync(email);
        await page.Locator("#invite-name").FillAsync("Wang Fang");
        await WorkspacePages.ChooseAsync(page, "invite-roles", "Contract office", closeAfter: true);
        await page.Locator("#invite-submit").ClickAsync();

        var code = page.Locator("#setup-code");
        await Expect(code).ToBeVisibleAsync();
        var setupCode = (await code.InnerTextAsync()).Trim();
        await admin.AssertAccessibleAsync();
        await admin.ScreenshotAsync($"admin-setup-code-{database}");
        await page.Locator("#setup-code-done").ClickAsync();
        await Expect(code).ToHaveCountAsync(0);
        await Expect(page.Locator("#people")).ToContainTextAsync(email);

        // The person sets a password with the code, from the sign-in page's first-time link, then signs in.
        await using var person = await chromium.OpenAsync(host, GetType(), output, BrowserOptions.Chinese);
        await person.GotoAsync("/account/login");
        await person.Page.Locator("#first-time").ClickAsync();
        await Expect(person.Page.Locator("h1")).ToHaveTextAsync("设置登录密码");
        await person.Page.Locator("#setup-email").FillAsync(email);
        await person.Page.Locator("#setup-code").FillAsync(setupCode);
        await person.Page.Locator("#setup-password").FillAsync("New-Password-2026");
        await person.Page.Locator("#setup-confirm").FillAsync("New-Password-2027");
        await person.Page.Locator("#setup-submit").ClickAsync();
        await Expect(person.Page.Locator("#setup-problem")).ToHaveTextAsync("两次输入的密码不一致，请重新输入。");
        await Expect(person.Page.Locator("#setup-email")).ToHaveValueAsync(email);
        await person.Page.Locator("#setup-password").FillAsync("New-Password-2026");
        await person.Page.Locator("#setup-confirm").FillAsync("New-Password-2026");
        await person.Page.Locator("#setup-submit").ClickAsync();
        await Expect(person.Page.Locator("#setup-done")).ToHaveTextAsync("密码已设置。");
        await person.AssertAccessibleAsync();
        await person.ScreenshotAsync($"person-password-set-zh-{database}");

        // The code worked once: a second use is refused, saying what to do.
        await person.GotoAsync("/account/setup");
        await person.Page.Locator("#setup-email").FillAsync(email);
        await person.Page.Locator("#setup-code").FillAsync(setupCode);
        await person.Page.Locator("#setup-password").FillAsync("Other-Password-2026");
        await person.Page.Locator("#setup-confirm").FillAsync("Other-Password-2026");
        await person.Page.Locator("#setup-submit").ClickAsync();
        await Expect(person.Page.Locator("#setup-problem")).ToHaveTextAsync("设置码错误、已使用或已过期，请向管理员索取新的设置码。");

        await person.GotoAsync("/");
        await person.SignInAsync(email, "New-Password-2026");
        await Expect(person.Page.Locator("#signed-in-as")).ToHaveTextAsync("Wang Fang");
        await Expect(person.Page.Locator("nav a[href='/admin/people']")).ToHaveCountAsync(0);
        admin.AssertNoErrors();
        person.AssertNoErrors();
    }

    [ChromiumTheory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task AnApiClient_IsCreatedWithItsSecretShownOnce(string database)
    {
        var host = hosts.For(database);
        await using var admin = await chromium.OpenAsync(host, GetType(), output, BrowserOptions.Chinese);
        await WorkspacePages.SignInAsync(admin, "admin@demo-pharma.demo");
        var page = admin.Page;

        await WorkspacePages.OpenAsync(admin, "/admin/api-clients");
        await page.Locator("#client-name").FillAsync($"CTMS {database}");
        await WorkspacePages.ChooseAsync(page, "client-roles", "申办方", closeAfter: true);
        await page.Locator("#client-create").ClickAsync();

        await Expect(page.Locator("#client-secret")).ToBeVisibleAsync();
        var clientId = (await page.Locator("#client-id").InnerTextAsync()).Trim();
        var secret = (await page.Locator("#client-secret").InnerTextAsync()).Trim();
        await admin.AssertAccessibleAsync();
        await admin.ScreenshotAsync($"admin-api-client-secret-zh-{database}");
        await page.Locator("#client-secret-done").ClickAsync();
        await Expect(page.Locator("#client-secret")).ToHaveCountAsync(0);
        await Expect(page.Locator("#api-clients")).ToContainTextAsync(clientId);
        await Expect(page.Locator("#api-clients")).Not.ToContainTextAsync(secret);

        // The secret works once shown: the client gets a token with it.
        using var token = await host.CreateClient().PostAsync(new Uri("/connect/token", UriKind.Relative), new FormUrlEncodedContent(
            new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret, ["scope"] = "api" }));
        Assert.True(token.IsSuccessStatusCode, await token.Content.ReadAsStringAsync());
        admin.AssertNoErrors();
    }

    [ChromiumTheory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task AWebhook_IsSubscribedWithItsSecretShownOnce_DisabledEnabledAndDeleted(string database)
    {
        var host = hosts.For(database);
        await using var admin = await chromium.OpenAsync(host, GetType(), output, BrowserOptions.Chinese);
        await WorkspacePages.SignInAsync(admin, "admin@demo-pharma.demo");
        var page = admin.Page;
        await Expect(page.Locator("nav a[href='/admin/webhooks']")).ToHaveTextAsync("事件推送");
        await WorkspacePages.OpenAsync(admin, "/admin/webhooks");
        await Expect(page.Locator("h1")).ToHaveTextAsync("事件推送");

        // An internal address is refused on its field, and the form keeps what was typed.
        await page.Locator("#webhook-url").FillAsync("https://127.0.0.1/x");
        await WorkspacePages.ChooseAsync(page, "webhook-types", "项目恢复", closeAfter: true);
        await page.Locator("#webhook-description").FillAsync($"CTMS {database}");
        await page.Locator("#webhook-create").ClickAsync();
        var urlField = page.Locator("#webhook-url").Locator("xpath=ancestor::div[contains(concat(' ', @class, ' '), ' mud-input-control ')][1]");
        await Expect(urlField).ToContainTextAsync("请输入可从互联网访问的 https 地址");
        await Expect(page.Locator("#webhook-url")).ToHaveValueAsync("https://127.0.0.1/x");
        await Expect(page.Locator("#webhook-description")).ToHaveValueAsync($"CTMS {database}");
        await admin.AssertAccessibleAsync();

        // A public address, written as a number so no name is looked up; it hears only of resumed projects, which nothing here causes.
        var url = $"https://93.184.215.14/hook/{database}-{Guid.NewGuid():N}";
        await page.Locator("#webhook-url").FillAsync(url);
        await page.Locator("#webhook-create").ClickAsync();
        var secret = page.Locator("#webhook-secret");
        await Expect(secret).ToBeVisibleAsync();
        var shownSecret = (await secret.InnerTextAsync()).Trim();
        Assert.StartsWith("whsec_", shownSecret, StringComparison.Ordinal);
        await Expect(page.Locator("#webhook-secret-how")).ToContainTextAsync("webhook-signature");
        await admin.AssertAccessibleAsync();
        await admin.ScreenshotAsync($"admin-webhook-secret-zh-{database}");
        await page.Locator("#webhook-secret-done").ClickAsync();
        await Expect(secret).ToHaveCountAsync(0);
        await Expect(page.Locator("#webhook-url")).ToHaveValueAsync(""); // a fresh form for the next one

        var row = page.Locator($"#webhooks tr[data-url='{url}']");
        await Expect(row).ToContainTextAsync("项目恢复");
        await Expect(row).ToContainTextAsync($"CTMS {database}");
        await Expect(row).ToContainTextAsync("已启用");
        Assert.DoesNotContain(shownSecret, await page.ContentAsync(), StringComparison.Ordinal);
        var id = await row.GetAttributeAsync("data-webhook-id");

        await page.Locator($"#webhook-deliveries-{id}").ClickAsync();
        await Expect(page.Locator("#webhook-deliveries-empty")).ToBeVisibleAsync();
        await admin.AssertAccessibleAsync();

        // A delivery whose retries ran out appears on refresh, its state in words beside the colour. Written failed at
        // once, so the sender never picks it up (and nothing here posts to the address).
        var delivery = await host.WithDbAsync(async db =>
        {
            var now = host.Services.GetRequiredService<TimeProvider>().GetUtcNow(); // the host's shifted clock, as the page shows it
            var failed = new WebhookDelivery(Guid.CreateVersion7(), Guid.Parse(id!), $"msg_{Guid.NewGuid():N}", WebhookEventTypes.ProjectResumed, "{}",
                now.AddHours(-1), now.AddHours(-1));
            failed.AttemptFailed(now, 503, "Service Unavailable", retryAt: null);
            db.WebhookDeliveries.Add(failed);
            await db.SaveChangesAsync();
            return failed.Id;
        });
        await page.Locator("#webhook-deliveries-refresh").ClickAsync();
        var logged = page.Locator($"#webhook-deliveries tr[data-delivery-id='{delivery}']");
        await Expect(logged).ToContainTextAsync("项目恢复");
        await Expect(page.Locator($"#delivery-state-{delivery}")).ToHaveTextAsync("投递失败");
        await Expect(logged).ToContainTextAsync("HTTP 503 · Service Unavailable");
        await Expect(page.Locator($"#redeliver-{delivery}")).ToBeEnabledAsync();
        await admin.AssertAccessibleAsync();
        await admin.ScreenshotAsync($"admin-webhook-deliveries-zh-{database}");
        await page.Locator("#webhook-deliveries-close").ClickAsync();
        await Expect(page.Locator("#webhook-deliveries-dialog")).ToHaveCountAsync(0);
        await admin.AssertAccessibleAsync();
        await admin.ScreenshotAsync($"admin-webhooks-zh-{database}");

        // Disabled and enabled again, after the accessibility checks: a snackbar fading in or out fails axe's contrast rule.
        await page.Locator($"#webhook-disable-{id}").ClickAsync();
        await Expect(page.Locator($"#webhook-status-{id}")).ToContainTextAsync("已由管理员于");
        await page.Locator($"#webhook-deliveries-{id}").ClickAsync();
        await Expect(page.Locator("#webhook-deliveries-paused")).ToBeVisibleAsync(); // says why nothing can be redelivered
        await Expect(page.Locator($"#redeliver-{delivery}")).ToBeDisabledAsync();
        await page.Locator("#webhook-deliveries-close").ClickAsync();
        await Expect(page.Locator("#webhook-deliveries-dialog")).ToHaveCountAsync(0);
        await page.Locator($"#webhook-enable-{id}").ClickAsync();
        await Expect(page.Locator($"#webhook-status-{id}")).ToHaveTextAsync("已启用");

        await page.Locator($"#webhook-delete-{id}").ClickAsync();
        await Expect(page.Locator("#confirm-dialog")).ToContainTextAsync(url);
        await page.Locator("#confirm-yes").ClickAsync();
        await Expect(row).ToHaveCountAsync(0);
        admin.AssertNoErrors();
    }

    [ChromiumTheory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task ThePlatformAdministrator_RegistersAnInstitutionAndReachesTheTimerDashboard_AndOthersDoNot(string database)
    {
        var host = hosts.For(database);
        await using var platform = await chromium.OpenAsync(host, GetType(), output);
        await WorkspacePages.SignInAsync(platform, "admin@trialstartup.demo");

        await WorkspacePages.OpenAsync(platform, "/admin/organisations");
        await Expect(platform.Page.Locator("#institutions")).ToContainTextAsync("bj-lead");
        await platform.AssertAccessibleAsync();
        await platform.ScreenshotAsync($"platform-organisations-{database}");

        // A new hospital registered through the form (its calendar, zone and workflows as the form proposes them), with its
        // first administrator, whose one-time setup code is shown once.
        var page = platform.Page;
        var code = $"new-{database}-{Guid.NewGuid():N}"[..24];
        var administrator = $"{code}-admin@hospital.test";
        await page.Locator("#inst-code").FillAsync(code);
        await page.Locator("#inst-ethics-committee").FillAsync("新医院医学伦理委员会");
        await page.Locator("#inst-name").FillAsync("新医院");
        await page.Locator("#inst-english-name").FillAsync("New Hospital");
        await page.Locator("#inst-admin-email").FillAsync(administrator);
        await page.Locator("#inst-admin-name").FillAsync("Li Na");
        await page.Locator("#inst-submit").ClickAsync();

        var setupCode = page.Locator("#setup-code");
        await Expect(setupCode).ToBeVisibleAsync();
        await Expect(page.Locator("#setup-code-email")).ToHaveTextAsync(administrator);
        await Expect(page.Locator("#setup-code-dialog")).ToContainTextAsync("New Hospital");
        var shownCode = (await setupCode.InnerTextAsync()).Trim();
        Assert.False(string.IsNullOrEmpty(shownCode), "no setup code was shown");
        await platform.AssertAccessibleAsync();
        await platform.ScreenshotAsync($"platform-institution-registered-{database}");
        await page.Locator("#setup-code-done").ClickAsync();
        await Expect(setupCode).ToHaveCountAsync(0);
        var registered = page.Locator($"#institutions tr[data-code='{code}']");
        await Expect(registered).ToContainTextAsync("新医院");
        await Expect(registered).ToContainTextAsync("New Hospital");
        await Expect(registered).ToContainTextAsync("新医院医学伦理委员会");
        await Expect(page.Locator("#inst-code")).ToHaveValueAsync(""); // a fresh form for the next one

        // Once: the page opened again lists the hospital and shows no code.
        await WorkspacePages.OpenAsync(platform, "/admin/organisations");
        await Expect(page.Locator($"#institutions tr[data-code='{code}']")).ToHaveCountAsync(1);
        await Expect(page.Locator("#setup-code")).ToHaveCountAsync(0);
        Assert.DoesNotContain(shownCode, await page.ContentAsync(), StringComparison.Ordinal);

        var dashboard = await platform.GotoAsync("/hangfire");
        Assert.Equal(200, dashboard?.Status);

        await using var siteOffice = await chromium.OpenAsync(host, GetType(), output);
        await WorkspacePages.SignInAsync(siteOffice, "site-office@bj-alliance.demo");
        await Expect(siteOffice.Page.Locator("nav a[href='/admin/organisations']")).ToHaveCountAsync(0);
        await WorkspacePages.OpenAsync(siteOffice, "/admin/organisations");
        await Expect(siteOffice.Page.Locator("#organisations-load-problem")).ToHaveTextAsync("Your role may not do this.");
        var refused = await siteOffice.Page.APIRequest.GetAsync("/hangfire");
        Assert.Equal(403, refused.Status);
        platform.AssertNoErrors();
    }

    [ChromiumTheory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task ThePlatformAdministrator_RegistersARegionalAuthority_AndChangesTheInstitutionsItCovers(string database)
    {
        var host = hosts.For(database);
        await using var platform = await chromium.OpenAsync(host, GetType(), output);
        await WorkspacePages.SignInAsync(platform, DemoSeed.PlatformAdministratorEmail);
        var page = platform.Page;
        await WorkspacePages.OpenAsync(platform, "/admin/organisations");
        await Expect(page.Locator("#authorities tr[data-code='demo-nhc']")).ToContainTextAsync("Demo Municipal Health Commission");

        // Without an institution to cover, the form is refused next to the institutions, keeps what was typed, and writes nothing.
        var code = $"hc-{database}-{Guid.NewGuid():N}"[..24];
        var administrator = $"{code}-admin@authority.test";
        await page.Locator("#authority-code").FillAsync(code);
        await page.Locator("#authority-name").FillAsync("新区卫生健康委员会");
        await page.Locator("#authority-english-name").FillAsync("New District Health Commission");
        await page.Locator("#authority-region").FillAsync("新区 New District");
        await page.Locator("#authority-admin-email").FillAsync(administrator);
        await page.Locator("#authority-admin-name").FillAsync("Zhao Lei");
        await page.Locator("#authority-submit").ClickAsync();
        await Expect(FieldOf(page, "authority-institutions")).ToContainTextAsync("Choose at least one institution the authority covers.");
        await Expect(page.Locator("#authority-problem")).ToHaveCountAsync(0);
        await Expect(page.Locator("#authority-code")).ToHaveValueAsync(code);
        await Expect(page.Locator("#authority-admin-email")).ToHaveValueAsync(administrator);
        Assert.Equal((0, 0), await host.WithDbAsync(async db =>
            (await db.RegionalAuthorities.CountAsync(a => a.Code == code), await db.Users.CountAsync(u => u.Email == administrator))));
        await platform.AssertAccessibleAsync();

        // With one, it is registered and its first administrator's setup code shown once.
        await WorkspacePages.ChooseAsync(page, "authority-institutions", "Beijing Alliance Hospital", closeAfter: true);
        await page.Locator("#authority-submit").ClickAsync();
        var setupCode = page.Locator("#setup-code");
        await Expect(setupCode).ToBeVisibleAsync();
        await Expect(page.Locator("#setup-code-email")).ToHaveTextAsync(administrator);
        await Expect(page.Locator("#setup-code-dialog")).ToContainTextAsync("New District Health Commission");
        Assert.False(string.IsNullOrWhiteSpace(await setupCode.InnerTextAsync()), "no setup code was shown");
        await platform.AssertAccessibleAsync();
        await platform.ScreenshotAsync($"platform-authority-registered-{database}");
        await page.Locator("#setup-code-done").ClickAsync();
        await Expect(setupCode).ToHaveCountAsync(0);
        await Expect(page.Locator("#authority-code")).ToHaveValueAsync(""); // a fresh form for the next one

        var row = page.Locator($"#authorities tr[data-code='{code}']");
        await Expect(row).ToContainTextAsync("新区卫生健康委员会");
        await Expect(row).ToContainTextAsync("新区 New District");
        await Expect(row.Locator("[data-institution]")).ToHaveTextAsync(["bj-alliance Beijing Alliance Hospital"]);
        var id = Guid.Parse((await row.GetAttributeAsync("data-authority-id"))!);
        Assert.Equal(new[] { DemoSeed.AllianceHospital.Id }, await CoverageAsync(host, id));

        // Covering nothing is refused in the dialog, next to the institutions, and changes nothing.
        await page.Locator($"#coverage-{id}").ClickAsync();
        await Expect(page.Locator("#coverage-title")).ToHaveTextAsync("Institutions covered by New District Health Commission");
        await WorkspacePages.ChooseAsync(page, "coverage-select", "Beijing Alliance Hospital", closeAfter: true); // unticked
        await page.Locator("#coverage-save").ClickAsync();
        await Expect(FieldOf(page, "coverage-select")).ToContainTextAsync("Choose at least one institution the authority covers.");
        Assert.Equal(new[] { DemoSeed.AllianceHospital.Id }, await CoverageAsync(host, id));
        await platform.AssertAccessibleAsync();
        await platform.ScreenshotAsync($"platform-authority-coverage-{database}");

        // Another institution instead: the list and the coverage rows say so.
        await WorkspacePages.ChooseAsync(page, "coverage-select", "Shanghai Demo Hospital", closeAfter: true);
        await page.Locator("#coverage-save").ClickAsync();
        await Expect(page.Locator("#coverage-dialog")).ToHaveCountAsync(0);
        await Expect(row.Locator("[data-institution]")).ToHaveTextAsync(["sh-site Shanghai Demo Hospital"]);
        Assert.Equal(new[] { DemoSeed.ShanghaiHospital.Id }, await CoverageAsync(host, id));
        platform.AssertNoErrors();
    }

    // The MudBlazor field around the input with this id, where its error shows.
    private static ILocator FieldOf(IPage page, string inputId) =>
        page.Locator($"#{inputId}").Locator("xpath=ancestor::div[contains(concat(' ', @class, ' '), ' mud-input-control ')][1]");

    private static Task<List<Guid>> CoverageAsync(KestrelApiFactory host, Guid authorityId) =>
        host.WithDbAsync(db => db.AuthorityCoverage.Where(c => c.AuthorityId == authorityId).Select(c => c.InstitutionId).ToListAsync());
}
