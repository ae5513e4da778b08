namespace TrialStartup.Api.Tests.Browser;

using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Workflows.Definitions;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

/// <summary>
/// The sponsor's trial page filters its sites by status and by "waiting on us" (a change request the sponsor has to
/// answer), keeps the filter in the address across a reload, and says so when nothing matches. An institution, which
/// sees only its own site, has no "waiting on us" switch.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TrialSiteFiltersBrowserTests(ChromiumFixture chromium, BrowserHosts hosts, ITestOutputHelper output)
{
    [ChromiumTheory]
    [InlineData("sqlite")]
    public async Task TrialPage_WhenFiltered_ShowsTheMatchingSites_AndKeepsTheFilterInTheAddress(string database)
    {
        // Prepared through the API: the lead's contract review asks the sponsor for changes (the sponsor holds a task),
        // the participating alliance site waits for the lead, the Shanghai site's institutional approval is refused.
        var host = hosts.For(database);
        var trial = await Journey.CreateTrialAsync(host, multiCenter: true);
        var lead = await Journey.SubmittedSiteAsync(host, trial, DemoIds.Lead);
        var alliance = await Journey.SubmittedSiteAsync(host, trial, DemoIds.Alliance);
        var shanghai = await Journey.SubmittedSiteAsync(host, trial, DemoIds.Shanghai);
        await Reviewing.DecideAsync(host, lead, DemoIds.Lead, Roles.SiteOffice, "intake", "complete");
        await Reviewing.DecideAsync(host, alliance, DemoIds.Alliance, Roles.SiteOffice, "intake", "complete");
        await Reviewing.DecideAsync(host, shanghai, DemoIds.Shanghai, Roles.SiteOffice, "intake", "complete");
        await Reviewing.DecideAsync(host, lead, DemoIds.Lead, Roles.ContractOffice, "contract-review", "changes-requested");
        await Reviewing.DecideAsync(host, shanghai, DemoIds.Shanghai, Roles.ApprovalOffice, "institutional-approval", "reject");

        await using var sponsor = await chromium.OpenAsync(host, GetType(), output, BrowserOptions.Chinese);
        await WorkspacePages.SignInAsync(sponsor, "sponsor@demo-pharma.demo");
        var page = sponsor.Page;
        var rows = page.Locator("#sites td[data-site-status]");
        var waitingOnUs = page.GetByRole(AriaRole.Switch, new() { NameRegex = new("^只看待我方处理的") });

        // Unfiltered: every site, with the count of each status choice, in Chinese; the choices split the sites.
        await WorkspacePages.OpenAsync(sponsor, $"/trials/{trial}");
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(Chip(page, "all")).ToHaveTextAsync("全部（3）");
        await Expect(Chip(page, "in-progress")).ToHaveTextAsync("进行中（1）");
        await Expect(Chip(page, "waiting-for-lead")).ToHaveTextAsync("等待组长单位（1）");
        await Expect(Chip(page, "activated")).ToHaveTextAsync("已启动（0）");
        await Expect(Chip(page, "ended")).ToHaveTextAsync("未通过或已终止（1）");
        await Expect(Chip(page, "not-started")).ToHaveTextAsync("尚未提交（0）");
        await Expect(waitingOnUs).Not.ToBeCheckedAsync();
        await Expect(waitingOnUs).ToHaveAccessibleNameAsync("只看待我方处理的（1）");
        await sponsor.AssertAccessibleAsync();
        await sponsor.ScreenshotAsync($"trial-filters-all-zh-{database}");

        // Waiting on us: only the lead, whose contract review waits for the sponsor's answer.
        await waitingOnUs.ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(page.Locator("#sites tbody tr")).ToContainTextAsync("北京示范医院");
        await Expect(page).ToHaveURLAsync(new Regex(@"\?waitingOnUs=true$"));
        // The status counts follow the switch: each says how many rows its choice would show now.
        await Expect(Chip(page, "all")).ToHaveTextAsync("全部（1）");
        await Expect(Chip(page, "in-progress")).ToHaveTextAsync("进行中（1）");
        await Expect(Chip(page, "waiting-for-lead")).ToHaveTextAsync("等待组长单位（0）");

        // A reload keeps the filter, from the address.
        await page.ReloadAsync();
        await WorkspacePages.ReadyAsync(page);
        await Expect(waitingOnUs).ToBeCheckedAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(page.Locator("#sites tbody tr")).ToContainTextAsync("北京示范医院");

        // Both filters together can leave nothing: the page says so and offers to clear them.
        await Chip(page, "waiting-for-lead").ClickAsync();
        await Expect(page.Locator("#sites-none-match")).ToContainTextAsync("没有符合筛选条件的研究中心");
        await Expect(rows).ToHaveCountAsync(0);
        await Expect(page).ToHaveURLAsync(new Regex(@"\?status=waiting-for-lead&waitingOnUs=true$"));
        await sponsor.AssertAccessibleAsync();
        await sponsor.ScreenshotAsync($"trial-filters-none-match-zh-{database}");
        await page.Locator("#clear-site-filter").ClickAsync();
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(page).ToHaveURLAsync(new Regex($"/trials/{trial}$"));
        await Expect(page.Locator("#sites-none-match")).ToHaveCountAsync(0);

        // The status filter alone: the site whose approval was refused ended without activation; the alliance site waits.
        await Chip(page, "ended").ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows).ToHaveAttributeAsync("data-site-status", "not-approved");
        await Expect(page.Locator("#sites tbody tr")).ToContainTextAsync("上海示范医院");
        await Chip(page, "waiting-for-lead").ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(page.Locator("#sites tbody tr")).ToContainTextAsync("北京联盟医院");
        await Expect(page).ToHaveURLAsync(new Regex(@"\?status=waiting-for-lead$"));

        // A link with the filter in it opens filtered; values the page does not know show every site, without an error.
        await WorkspacePages.OpenAsync(sponsor, $"/trials/{trial}?status=activated");
        await Expect(page.Locator("#sites-none-match")).ToBeVisibleAsync();
        await WorkspacePages.OpenAsync(sponsor, $"/trials/{trial}?status=bogus&waitingOnUs=maybe");
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(waitingOnUs).Not.ToBeCheckedAsync();
        sponsor.AssertNoErrors();

        // An institution sees only its own site: no "waiting on us" switch, and the address cannot turn it on.
        await using var site = await chromium.OpenAsync(host, GetType(), output);
        await WorkspacePages.SignInAsync(site, "site-office@bj-lead.demo");
        await WorkspacePages.OpenAsync(site, $"/trials/{trial}?waitingOnUs=true");
        await Expect(site.Page.Locator("#sites td[data-site-status]")).Not.ToHaveCountAsync(0);
        await Expect(site.Page.Locator("#site-status-filter")).ToBeVisibleAsync();
        await Expect(site.Page.GetByRole(AriaRole.Switch)).ToHaveCountAsync(0);
        await Expect(site.Page.Locator("#sites-none-match")).ToHaveCountAsync(0);
        await site.AssertAccessibleAsync();
        site.AssertNoErrors();
    }

    private static ILocator Chip(IPage page, string choice) => page.Locator($"#site-status-{choice}");
}
