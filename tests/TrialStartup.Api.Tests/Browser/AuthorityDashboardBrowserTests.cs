namespace TrialStartup.Api.Tests.Browser;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Api.Tests.TestServers;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

/// <summary>
/// The regional authority's dashboard: one row per covered institution and one for them all, the shares within each
/// anchor, the CSV of the period chosen; and the workspace's other calls refused to the authority's people.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AuthorityDashboardBrowserTests(ChromiumFixture chromium, BrowserHosts hosts, ITestOutputHelper output)
{
    [ChromiumTheory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Dashboard_ForTheDemoHealthCommission_ShowsEachCoveredInstitutionAndTheRegion_WithItsCsv(string database)
    {
        var host = hosts.For(database);
        await Reviewing.InParallelReviewAsync(host, DemoIds.Shanghai); // a site submitted at sh-site today
        await using var browser = await chromium.OpenAsync(host, GetType(), output, BrowserOptions.Chinese);
        await WorkspacePages.SignInAsync(browser, "authority-analyst@demo-nhc.demo");
        var page = browser.Page;
        await browser.GotoAsync("/"); // an authority has no inbox: its home is the dashboard
        await BrowserSession.ArrivalAsync(page, "**/authority");
        await WorkspacePages.ReadyAsync(page);

        await Expect(page.Locator("h1")).ToHaveTextAsync("区域监测");
        await Expect(page.Locator("#anchors-table tbody tr")).ToHaveCountAsync(4);
        await Expect(page.Locator("#anchors-table tbody tr[data-institution='sh-site'] th")).ToHaveTextAsync("上海示范医院");
        await Expect(page.Locator("#anchors-table tbody tr[data-institution='region'] th")).ToHaveTextAsync("所辖全部机构");
        await Expect(page.Locator("#anchors-table thead")).ToContainTextAsync("28周内占比");
        await Expect(page.Locator("nav")).Not.ToContainTextAsync("我的待办"); // no inbox: an authority has no tasks
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync($"authority-dashboard-zh-{database}");

        // A period typed in the picker goes to the CSV link, which downloads the authority's figures for it.
        var start = page.Locator("#anchors-period-start");
        var end = page.Locator("#anchors-period-end");
        await start.FillAsync("2020-01-01");
        await start.PressAsync("Tab");
        await end.FillAsync("2020-12-31");
        await end.PressAsync("Tab");
        await Expect(page.Locator("#download-anchors-csv")).ToHaveAttributeAsync("href", "/workspace/authority/anchors.csv?from=2020-01-01&to=2020-12-31");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download-anchors-csv").ClickAsync());
        Assert.Equal("anchors-demo-nhc-from-2020-01-01-to-2020-12-31.csv", download.SuggestedFilename);
        var lines = await File.ReadAllLinesAsync(await download.PathAsync());
        Assert.StartsWith("范围,机构代码,机构名称（中文）,机构名称（英文）,开始日期,结束日期,", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("所辖全部机构,,,,2020-01-01,2020-12-31,", lines[^1], StringComparison.Ordinal);
        Assert.Equal(5, lines.Length); // the header, three institutions, the region

        // The region's white paper: a year chosen in the list goes to both links; the web page is the paper in Chinese.
        var thisYear = host.Services.GetRequiredService<TimeProvider>().GetLocalNow().Year;
        await WorkspacePages.ChooseAsync(page, "white-paper-year", (thisYear - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.Locator("#download-white-paper-pdf")).ToHaveAttributeAsync("href", $"/workspace/white-papers/{thisYear - 1}?format=pdf&language=zh-CN");
        var html = await page.APIRequest.GetAsync(new Uri(browser.BaseAddress, $"/workspace/white-papers/{thisYear - 1}?format=html&language=zh-CN").ToString());
        Assert.Equal(200, html.Status);
        Assert.Contains($"示范市卫生健康委员会（", await html.TextAsync(), StringComparison.Ordinal);
        Assert.Contains($"{thisYear - 1}年度临床试验启动白皮书", await html.TextAsync(), StringComparison.Ordinal);
        await browser.AssertAccessibleAsync();

        // The workspace's other calls refuse the authority's people: the trials page shows the refusal, no trial.
        var trials = await host.WithDbAsync(db => db.Trials.Select(t => t.ProtocolNumber).Take(5).ToListAsync());
        await WorkspacePages.OpenAsync(browser, "/trials");
        foreach (var protocol in trials)
        {
            await Expect(page.Locator("#main")).Not.ToContainTextAsync(protocol);
        }

        var minutes = await page.APIRequest.GetAsync(new Uri(browser.BaseAddress, "/workspace/monitoring/cycle-times.csv").ToString());
        Assert.Equal(403, minutes.Status);
        browser.AssertNoErrors();
    }
}
