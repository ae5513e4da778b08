namespace TrialStartup.Api.Tests.Browser;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using TrialStartup.Api.Tests.Deployment;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Data.Accounts;
using TrialStartup.Workflows.Definitions;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

/// <summary>
/// What the workspace refuses, in the browser: a signature with a wrong password records nothing but the refusal and
/// keeps the form; a person of another organisation reaches nothing of a project, whether by the menu's links or by
/// typing its addresses; a stranger is sent to sign in; both languages render everywhere.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WorkspaceBoundariesBrowserTests(ChromiumFixture chromium, BrowserHosts hosts, ITestOutputHelper output)
{
    [ChromiumTheory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task WrongPasswordAtSigning_RecordsNothingButTheRefusal_AndKeepsTheForm(string database)
    {
        var host = hosts.For(database);
        var project = await Journey.SubmittedSingleSiteAsync(host, DemoIds.Alliance);
        await using var siteOffice = await chromium.OpenAsync(host, GetType(), output, BrowserOptions.Chinese);
        await WorkspacePages.SignInAsync(siteOffice, "site-office@bj-alliance.demo");
        var page = siteOffice.Page;

        await WorkspacePages.OpenAsync(siteOffice, $"/projects/{project}/tasks/intake");
        await Expect(page.Locator("#project-headline")).ToContainTextAsync("北京联盟医院"); // which project the signature is for
        await page.Locator("#outcome-complete").ClickAsync();
        await page.Locator("#decision-reason").FillAsync("材料齐全");
        await page.Locator("#signature-password").FillAsync("Not-The-Password-2026");
        await page.Locator("#sign-decision").ClickAsync();

        // Said in the person's language; the outcome and reason stay, the password does not.
        await Expect(page.Locator("#decision-problem")).ToHaveTextAsync("密码错误。除本次拒绝外未记录任何内容。");
        await Expect(page.Locator("#decision-reason")).ToHaveValueAsync("材料齐全");
        await Expect(page.Locator("#signature-password")).ToHaveValueAsync("");
        await Expect(page.Locator("#outcome-complete")).ToBeCheckedAsync();
        await siteOffice.AssertAccessibleAsync();
        await siteOffice.ScreenshotAsync($"signature-refused-zh-{database}");

        var (decisions, audit, open) = await host.WithDbAsync(async db => (
            await db.Decisions.CountAsync(d => d.SiteProjectId == project),
            await db.Audit.Where(a => a.ResourceId == project && a.Action == "record-decision").Select(a => new { a.Accepted, a.Outcome }).ToListAsync(),
            await db.OpenTasks.CountAsync(t => t.SiteProjectId == project && t.StepId == "intake")));
        Assert.Equal(0, decisions);
        Assert.Equal(1, open);
        var refusal = Assert.Single(audit);
        Assert.False(refusal.Accepted);
        Assert.Equal("reauthentication-failed", refusal.Outcome);

        // The audit trail page shows the refusal to the institution.
        await WorkspacePages.OpenAsync(siteOffice, $"/projects/{project}/audit", interactive: false);
        await Expect(page.Locator("#audit tr[data-action='record-decision'][data-accepted='false']")).ToHaveCountAsync(1);
        await Expect(page.Locator("#audit tr[data-action='record-decision'][data-accepted='false']")).ToContainTextAsync("密码错误");
        await siteOffice.AssertAccessibleAsync();
        await siteOffice.ScreenshotAsync($"audit-refusal-zh-{database}");
        siteOffice.AssertNoErrors();
    }

    [ChromiumTheory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task APersonOfAnotherOrganisation_ReachesNothingOfTheProject_ByLinksOrTypedAddresses(string database)
    {
        var host = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(host, DemoIds.Shanghai);
        var (trial, document) = await host.WithDbAsync(async db => (
            await db.SiteProjects.Where(p => p.Id == project).Select(p => p.TrialId).SingleAsync(),
            await db.Documents.Where(d => d.SiteProjectId == project).Select(d => d.Id).FirstAsync()));

        // Another hospital's ethics secretary (whose role holds an open task of the project) and another sponsor.
        foreach (var outsider in new[] { "ethics-secretary@bj-lead.demo", "sponsor@other-cro.demo" })
        {
            await using var browser = await chromium.OpenAsync(host, GetType(), output);
            await WorkspacePages.SignInAsync(browser, outsider);
            var page = browser.Page;
            var who = outsider.Split('@')[1].Replace(".demo", "", StringComparison.Ordinal);

            // Links: nothing of the project in the to-do list, the trials, the alerts.
            foreach (var list in new[] { "/", "/trials", "/alerts" })
            {
                await WorkspacePages.OpenAsync(browser, list);
                await Expect(page.Locator($"a[href*='{project}'], a[href*='{trial}']")).ToHaveCountAsync(0);
            }

            // Typed addresses: each answers as if the project did not exist.
            await WorkspacePages.OpenAsync(browser, $"/projects/{project}");
            await Expect(page.Locator("#project-problem")).ToHaveTextAsync("Not found, or not visible to you.");
            await Expect(page.Locator("#dossier, #open-tasks, #decisions")).ToHaveCountAsync(0);
            await browser.AssertAccessibleAsync();
            await browser.ScreenshotAsync($"outsider-project-{who}-{database}");

            await WorkspacePages.OpenAsync(browser, $"/projects/{project}/tasks/ethics-review");
            await Expect(page.Locator("#decision-load-problem")).ToHaveTextAsync("Not found, or not visible to you.");
            await Expect(page.Locator("#sign-decision")).ToHaveCountAsync(0);

            await WorkspacePages.OpenAsync(browser, $"/projects/{project}/audit", interactive: false);
            await Expect(page.Locator("#audit-problem")).ToHaveTextAsync("Not found, or not visible to you.");

            await WorkspacePages.OpenAsync(browser, $"/trials/{trial}");
            await Expect(page.Locator("#trial-problem")).ToHaveTextAsync("Not found, or not visible to you.");

            var content = await page.APIRequest.GetAsync($"/workspace/site-projects/{project}/documents/{document}/content");
            Assert.Equal(404, content.Status);
            browser.AssertNoErrors();
        }
    }

    [ChromiumTheory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task ADeactivatedPerson_IsSignedOut_AtTheirNextPage(string database)
    {
        var host = hosts.For(database);
        var person = $"leaving-{database}-{Guid.NewGuid():N}"[..30];
        host.ClientFor(DemoIds.Alliance, Roles.ContractOffice, person); // makes the account {person}@bj-alliance.test
        var email = $"{person}@bj-alliance.test";
        await using var browser = await chromium.OpenAsync(host, GetType(), output);
        await browser.GotoAsync("/");
        await browser.SignInAsync(email, ApiFactory.TestPassword);
        await WorkspacePages.OpenAsync(browser, "/");
        await Expect(browser.Page.Locator("#signed-in-as")).ToBeVisibleAsync();

        // The organisation's administrator deactivates the account (through the API).
        var admin = host.ClientFor(DemoIds.Alliance, AccountRoles.OrganisationAdministrator);
        var people = await admin.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/organisation/people?pageSize=100", UriKind.Relative));
        var id = people.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("email").GetString() == email).GetProperty("id").GetGuid();
        var deactivated = await admin.PostAsync(new Uri($"/api/v1/organisation/people/{id}/deactivate", UriKind.Relative), null);
        await Infrastructure.Expect.StatusAsync(deactivated, HttpStatusCode.OK);

        // The next page asks to sign in again, and the old cookie opens nothing.
        await browser.GotoAsync("/trials");
        await Expect(browser.Page.Locator("h1")).ToHaveTextAsync("Sign in to TrialStartup");
        Assert.Null(await browser.CookieAsync("TrialStartup.SignIn"));
        browser.AssertNoErrors();
    }

    [ChromiumTheory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task AStranger_IsSentToSignIn_AndComesBackToThePageAsked(string database)
    {
        await using var browser = await chromium.OpenAsync(hosts.For(database), GetType(), output, BrowserOptions.Chinese.On(BrowserViewport.Tablet));

        await browser.GotoAsync("/alerts");

        await Expect(browser.Page.Locator("h1")).ToHaveTextAsync("登录 TrialStartup");
        await browser.SignInAsync("office-head@sh-site.demo", Organisations.DemoSeed.Password);
        await BrowserSession.ArrivalAsync(browser.Page, "**/alerts");
        await WorkspacePages.ReadyAsync(browser.Page);
        await Expect(browser.Page.Locator("h1")).ToHaveTextAsync("预警");
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync($"office-head-alerts-zh-tablet-{database}");
        browser.AssertNoErrors();
    }

    [ChromiumTheory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task EveryPage_RendersInChineseAndInEnglish_AndTheSwitchKeepsThePage(string database)
    {
        var host = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(host, DemoIds.Shanghai);
        var trial = await host.WithDbAsync(db => db.SiteProjects.Where(p => p.Id == project).Select(p => p.TrialId).SingleAsync());

        // Every page, opened by someone whose role shows it: the office head's, an institution's administrator's, the
        // ethics secretary's, a sponsor's, a regional authority's and the platform administrator's.
        await InBothLanguagesAsync(host, "office-head@sh-site.demo", "office-head", database,
        [
            new("/", "home", "我的待办", "My tasks"),
            new("/trials", "trials", "临床试验", "Trials"),
            new("/alerts", "alerts", "预警", "Alerts"),
            new("/monitoring", "monitoring", "监测", "Monitoring"),
            new("/account", "account", "我的账号", "My account", Interactive: false),

            // The site's days so far, counted on the host's clock (which started this morning), not the machine's.
            new($"/trials/{trial}", "trial", "A test trial", "A test trial",
                Also: (page, chinese) => Expect(page.Locator("#sites td[data-label]").Nth(3)).ToHaveTextAsync(chinese ? "0天" : "0 days")),
            new($"/projects/{project}", "projects", "A test trial", "A test trial"),
            new($"/projects/{project}/audit", "projects-audit", "稽查轨迹", "Audit trail", Interactive: false),
        ]);
        await InBothLanguagesAsync(host, "admin@sh-site.demo", "admin", database,
        [
            new("/admin/people", "people", "人员管理", "People"),
            new("/admin/api-clients", "api-clients", "接口客户端", "API clients"),
            new("/admin/webhooks", "webhooks", "事件推送", "Webhooks"),
        ]);
        await InBothLanguagesAsync(host, "ethics-secretary@sh-site.demo", "ethics-secretary", database,
        [
            new("/committee/meetings", "committee-meetings", "伦理审查会议", "Committee meetings"),
            new("/committee/continuing-reviews", "continuing-reviews", "跟踪审查", "Continuing reviews"),
            new("/committee/joint-reviews", "joint-reviews", "联合审查", "Joint reviews"),
        ]);
        await InBothLanguagesAsync(host, "sponsor@demo-pharma.demo", "sponsor", database, [new("/trials/new", "trials-new", "登记临床试验", "Register a trial")]);
        await InBothLanguagesAsync(host, "authority-analyst@demo-nhc.demo", "authority", database, [new("/authority", "authority", "区域监测", "Regional overview")]);
        await InBothLanguagesAsync(host, "admin@trialstartup.demo", "platform", database,
        [
            new("/admin/organisations", "organisations", "单位登记", "Organisations",
                Also: (page, chinese) => Expect(page.Locator("#authorities-title")).ToHaveTextAsync(chinese ? "监管部门" : "Regional authorities")),
            new("/admin/audit", "audit", "记录完整性", "Record integrity"),
        ]);
    }

    // Signs person in with a Chinese browser and opens each page: Chinese, its heading, no key of the resources shown in
    // place of a word, no serious accessibility violation. Then the switch on the last page, which must stay open, and
    // each page again in English.
    private async Task InBothLanguagesAsync(KestrelApiFactory host, string person, string who, string database, WorkspacePage[] pages)
    {
        await using var browser = await chromium.OpenAsync(host, GetType(), output, BrowserOptions.Chinese);
        await WorkspacePages.SignInAsync(browser, person);
        var page = browser.Page;
        foreach (var shown in pages)
        {
            await WorkspacePages.OpenAsync(browser, shown.Path, shown.Interactive);
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
            await Expect(page.Locator("h1")).ToContainTextAsync(shown.Chinese);
            await AssertNoResourceKeysAsync(page, chinese: true);
            await (shown.Also?.Invoke(page, true) ?? Task.CompletedTask);
            await browser.AssertAccessibleAsync();
            await browser.ScreenshotAsync($"{who}-{shown.Name}-zh-{database}");
        }

        // The switch remembers English and returns to the same page.
        await page.Locator("#switch-language").ClickAsync();
        await BrowserSession.ArrivalAsync(page, "**" + pages[^1].Path);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        foreach (var shown in pages)
        {
            await WorkspacePages.OpenAsync(browser, shown.Path, shown.Interactive);
            await Expect(page.Locator("h1")).ToContainTextAsync(shown.English);
            await AssertNoResourceKeysAsync(page, chinese: false);
            await (shown.Also?.Invoke(page, false) ?? Task.CompletedTask);
            await browser.AssertAccessibleAsync();
            await browser.ScreenshotAsync($"{who}-{shown.Name}-en-{database}");
        }

        browser.AssertNoErrors();
    }

    // A text without a translation shows as its key (Nav_Monitoring, Column_DaysSoFar). No page shows a key that holds an
    // underscore, which no English or Chinese word does; a Chinese page shows no key at all as a word of its own (keys
    // without one, such as Open or Loading, are English words an English page may well show).
    private static async Task AssertNoResourceKeysAsync(IPage page, bool chinese)
    {
        var text = await page.Locator("body").InnerTextAsync();
        var shown = ResourceKeys.Value.Where(key => (chinese || key.Contains('_', StringComparison.Ordinal))
            && Regex.IsMatch(text, $@"(?<![\w-]){Regex.Escape(key)}(?![\w-])")).ToList();
        Assert.True(shown.Count == 0, $"{page.Url} shows resource keys instead of words: {string.Join(", ", shown)}");
    }

    private static readonly Lazy<IReadOnlyList<string>> ResourceKeys = new(() =>
        [.. XDocument.Load(RepositoryFiles.PathOf("src/TrialStartup.Web/Resources/WorkspaceText.resx")).Root!.Elements("data")
            .Select(d => (string)d.Attribute("name")!)]);

    /// <summary>A page of the language check: where, its screenshot's name, its heading in each language, and any more to check.</summary>
    private sealed record WorkspacePage(string Path, string Name, string Chinese, string English, bool Interactive = true,
        Func<IPage, bool, Task>? Also = null);
}
