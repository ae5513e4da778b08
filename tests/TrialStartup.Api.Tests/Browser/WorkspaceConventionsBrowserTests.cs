namespace TrialStartup.Api.Tests.Browser;

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TrialStartup.Api.Tests.Dossier;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Workflows.Definitions;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

/// <summary>
/// The workspace's conventions beyond single pages: a portrait tablet keeps the page's width (the menu folds to its
/// icons), a reviewer can sign in and decide with the keyboard alone, the component library's own words are in the
/// person's language, the monitoring's period is chosen with a date range picker that filters the report and its CSV
/// alike, and a dossier's PDF opens in the browser's own viewer.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WorkspaceConventionsBrowserTests(ChromiumFixture chromium, BrowserHosts hosts, ITestOutputHelper output)
{
    [ChromiumTheory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task OnAPortraitTablet_TheMenuFoldsToItsIcons_AndKeepsItsNames(string database)
    {
        await using var browser = await chromium.OpenAsync(hosts.For(database), GetType(), output,
            BrowserOptions.Chinese.On(BrowserViewport.TabletPortrait));
        await WorkspacePages.SignInAsync(browser, "pi@sh-site.demo");
        var page = browser.Page;
        await WorkspacePages.OpenAsync(browser, "/trials");

        var drawer = await page.Locator(".mud-drawer").BoundingBoxAsync();
        var main = await page.Locator("#main").BoundingBoxAsync();
        Assert.NotNull(drawer);
        Assert.NotNull(main);
        Assert.True(drawer.Width < 80, $"the folded menu is {drawer.Width}px wide");
        Assert.True(main.Width > 650, $"the page keeps {main.Width}px of the tablet's 768");
        Assert.Equal(768, await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));

        // The names are still there for screen readers and as tooltips, and the links still work.
        var tasks = page.GetByRole(AriaRole.Link, new() { Name = "我的待办" });
        await Expect(tasks).ToHaveAttributeAsync("title", "我的待办");
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync($"pi-trials-zh-portrait-{database}");
        await tasks.ClickAsync();
        await BrowserSession.ArrivalAsync(page, new Uri(browser.BaseAddress, "/").ToString());
        await WorkspacePages.ReadyAsync(page);
        await Expect(page.Locator("h1")).ToHaveTextAsync("我的待办");

        // A desktop window shows the menu's names beside its icons.
        await page.SetViewportSizeAsync(1280, 800);
        await Expect(page.Locator(".mud-drawer .mud-nav-link-text").First).ToHaveCSSAsync("position", "static");
        browser.AssertNoErrors();
    }

    [ChromiumTheory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task AReviewer_SignsInAndRecordsASignedDecision_WithTheKeyboardAlone(string database)
    {
        var host = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(host, DemoIds.Shanghai);
        await using var browser = await chromium.OpenAsync(host, GetType(), output);
        var page = browser.Page;
        var keyboard = page.Keyboard;

        // Sign in: the address field has the focus, Tab moves on, Enter submits.
        await browser.GotoAsync($"/projects/{project}?task=ethics-review");
        await Expect(page.Locator(SignInForm.EmailField)).ToBeFocusedAsync();
        await keyboard.TypeAsync("ethics-secretary@sh-site.demo");
        await TabToAsync(page, page.Locator(SignInForm.PasswordField));
        await keyboard.TypeAsync(Organisations.DemoSeed.Password);
        await SignInForm.SubmitAsync(page, () => keyboard.PressAsync("Enter"));
        await WorkspacePages.ReadyAsync(page);

        // A page puts the focus on its heading; from there the task's Decide button is reached and followed.
        await TabToAsync(page, page.Locator("#decide-ethics-review"));
        await browser.PressToNavigateAsync(page.Locator("#decide-ethics-review"), "Enter", $"**/projects/{project}/tasks/ethics-review");
        await WorkspacePages.ReadyAsync(page);

        // The outcome: Tab into the radio group, arrows to the choice, Space to take it.
        await TabToAsync(page, page.Locator("#decision-outcome input[type=radio]").First);
        for (var press = 0; press < 6 && !await HasFocusAsync(page.Locator("#outcome-approve")); press++)
        {
            await keyboard.PressAsync("ArrowDown");
        }

        await keyboard.PressAsync("Space");
        await Expect(page.Locator("#outcome-approve")).ToBeCheckedAsync();

        // The review type: the list opens with Enter, arrows move through it, Enter chooses.
        await TabToAsync(page, page.Locator("#decision-review-type"));
        await keyboard.PressAsync("Enter");
        await Expect(page.Locator(".mud-popover-open .mud-list-item").First).ToBeVisibleAsync();
        await keyboard.PressAsync("ArrowDown");
        await keyboard.PressAsync("Enter");

        // The circuit handles the keys in turn, and one pressed while the list is still settling can be lost (once in
        // about ten runs the list stayed open): press them again, still with the keyboard, while it is open.
        for (var again = 0; again < 3 && await page.Locator(".mud-popover-open").CountAsync() > 0; again++)
        {
            try
            {
                await Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0, new() { Timeout = 2_000 });
            }
            catch (PlaywrightException)
            {
                await keyboard.PressAsync("ArrowDown");
                await keyboard.PressAsync("Enter");
            }
        }

        await Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
        var chosen = await page.Locator("#decision-review-type").InputValueAsync();
        Assert.False(string.IsNullOrEmpty(chosen), "no review type was chosen with the keyboard");

        await TabToAsync(page, page.Locator("#decision-reason"));
        await keyboard.TypeAsync("Decided with the keyboard alone");
        await TabToAsync(page, page.Locator("#signature-password"));
        await keyboard.TypeAsync(Organisations.DemoSeed.Password);
        await TabToAsync(page, page.Locator("#sign-decision"));
        await browser.PressToNavigateAsync(page.Locator("#sign-decision"), "Enter", $"**/projects/{project}");

        await Expect(page.Locator("#open-tasks, #no-open-tasks").First).ToBeVisibleAsync(); // the page's tasks shown, not still loading
        await Expect(page.Locator("#open-tasks tr[data-step='ethics-review']")).ToHaveCountAsync(0);
        var decisions = await host.WithDbAsync(db => db.Decisions.Where(d => d.SiteProjectId == project && d.StepId == "ethics-review")
            .Select(d => new { d.Outcome, d.Reason }).ToListAsync());
        var decision = Assert.Single(decisions);
        Assert.Equal(("approve", "Decided with the keyboard alone"), (decision.Outcome, decision.Reason));
        browser.AssertNoErrors();
    }

    [ChromiumTheory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task AProjectPage_ReadsTheDossierOncePerVisit_NotAgainWhenItGoesLive(string database)
    {
        // A page is prerendered, then goes live over its connection; what the prerender read is handed over (persisted
        // component state) instead of being read a second time. Counted as the database commands that read this
        // project's dossier while the page opens.
        var host = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(host, DemoIds.Shanghai);
        await using var browser = await chromium.OpenAsync(host, GetType(), output);
        await WorkspacePages.SignInAsync(browser, "ethics-secretary@sh-site.demo");
        using var reads = await DatabaseReads.ListenAsync("\"Documents\"", project);

        await WorkspacePages.OpenAsync(browser, $"/projects/{project}");
        await Expect(browser.Page.Locator("#dossier")).ToBeVisibleAsync();
        await Expect(browser.Page.Locator("#open-tasks tr[data-step='ethics-review']")).ToBeVisibleAsync(); // live, and still showing
        await browser.Page.WaitForTimeoutAsync(1_500); // time for a second read, had the live page started one after its first render

        Assert.True(reads.Count == 1, $"the dossier of the project was read {reads.Count} times while its page opened: {reads}");
        browser.AssertNoErrors();
    }

    [ChromiumTheory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task ADossierPdf_OpensInChromiumsOwnViewer_NotAsADownload(string database)
    {
        // What Chromium 156 does with a PDF answered inline to a navigation: the tab's document is a shell whose
        // contentType is application/pdf, framing the PDF viewer (chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/
        // index.html), whose <embed id="plugin" type="application/x-google-chrome-pdf"> shows the file from its original
        // URL, with the file's name and page count in the viewer's toolbar. Answered as an attachment, the same click
        // downloads the file and the new tab closes at once (tried: this test then fails waiting for the tab). The host's CSP
        // on the answer (object-src 'none', frame-ancestors 'none') does not stop the viewer, which is the browser's own.
        var host = hosts.For(database);
        var trial = await Journey.CreateTrialAsync(host, singleSite: DemoIds.Shanghai);
        var project = await Journey.RegisterSiteAsync(host, trial, DemoIds.Shanghai);
        var pdf = DossierFiles.OnePagePdf("Protocol version 1");
        var upload = await DossierFiles.UploadAsync(host.ClientFor(DemoIds.Shanghai, Roles.SiteOffice), project, "protocol", pdf, "protocol.pdf");
        await Infrastructure.Expect.StatusAsync(upload, System.Net.HttpStatusCode.Created);
        await using var browser = await chromium.OpenAsync(host, GetType(), output);
        await WorkspacePages.SignInAsync(browser, "site-office@sh-site.demo");
        await WorkspacePages.OpenAsync(browser, $"/projects/{project}");
        var link = browser.Page.Locator("#dossier tr[data-kind='protocol'] a");
        var address = new Uri(browser.BaseAddress, await link.GetAttributeAsync("href")).ToString();
        var downloads = 0;
        browser.Page.Download += (_, _) => downloads++;

        // The link opens a tab of its own (the dossier stays open), which shows the PDF.
        var tab = await browser.Page.RunAndWaitForPopupAsync(() => link.ClickAsync());
        await BrowserSession.LoadedAsync(tab);
        Assert.Equal(address, tab.Url);
        Assert.Equal("application/pdf", await tab.EvaluateAsync<string>("() => document.contentType"));
        var viewer = await ViewerOfAsync(tab);
        var plugin = viewer.Locator("embed#plugin");
        await Expect(plugin).ToHaveAttributeAsync("type", "application/x-google-chrome-pdf");
        await Expect(plugin).ToHaveAttributeAsync("original-url", address);
        await Expect(viewer.Locator("#title")).ToHaveTextAsync("protocol.pdf");
        await Expect(viewer.Locator("#pagelength")).ToHaveTextAsync("1"); // the viewer read the file: one page
        Assert.Equal(0, downloads);
        output.WriteLine($"screenshot: {await Screenshots.SaveAsync(tab, GetType(), $"site-office-protocol-pdf-{database}")}");

        // What the tab was given (Playwright reports no headers for a navigation the viewer takes over, so asked again with
        // the tab's cookies): the uploaded bytes, inline, whose fingerprint the dossier shows.
        var answer = await tab.APIRequest.GetAsync(address);
        Assert.Equal("application/pdf", answer.Headers["content-type"]);
        Assert.StartsWith("inline", answer.Headers["content-disposition"], StringComparison.Ordinal);
        Assert.Equal(pdf, await answer.BodyAsync());
        // The table shows its first 12 characters; the whole is the element's text (to select or copy) and its title.
        var fingerprint = browser.Page.Locator("#dossier tr[data-kind='protocol'] .ts-hash");
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf));
        Assert.Equal(sha256, (await fingerprint.InnerTextAsync()).Trim());
        Assert.Equal(sha256, await fingerprint.GetAttributeAsync("title"));
        browser.AssertNoErrors();
    }

    // The frame of Chromium's PDF viewer in a tab showing a PDF, once it is there.
    private static async Task<IFrame> ViewerOfAsync(IPage tab)
    {
        for (var wait = 0; wait < 50; wait++)
        {
            if (tab.Frames.FirstOrDefault(f => f.Url.StartsWith("chrome-extension://", StringComparison.Ordinal) && f.Url.EndsWith("/index.html", StringComparison.Ordinal))
                is { } viewer)
            {
                return viewer;
            }

            await tab.WaitForTimeoutAsync(200);
        }

        Assert.Fail($"the tab at {tab.Url} shows no PDF viewer; its frames: {string.Join(", ", tab.Frames.Select(f => f.Url))}");
        return null!;
    }

    // Presses Tab, as a keyboard user moves through the page, until the focus is on target (or inside it); fails when
    // target is not reached within max presses, that is when the keyboard cannot get there.
    private static async Task TabToAsync(IPage page, ILocator target, int max = 80)
    {
        for (var press = 0; press < max; press++)
        {
            if (await HasFocusAsync(target))
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"the Tab key did not reach {target} in {max} presses");
    }

    private static Task<bool> HasFocusAsync(ILocator target) =>
        target.EvaluateAsync<bool>("e => e === document.activeElement || e.contains(document.activeElement)");

    [ChromiumTheory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Monitoring_APeriodChosenWithThePicker_FiltersTheReportAndItsCsv_InChinese(string database)
    {
        var host = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(host, DemoIds.Shanghai); // one intake completed at the Shanghai site
        var protocol = await host.WithDbAsync(db => db.SiteProjects.Where(p => p.Id == project)
            .Join(db.Trials, p => p.TrialId, t => t.Id, (_, t) => t.ProtocolNumber).SingleAsync());
        await using var browser = await chromium.OpenAsync(host, GetType(), output, BrowserOptions.Chinese);
        await WorkspacePages.SignInAsync(browser, "office-head@sh-site.demo");
        var page = browser.Page;
        await WorkspacePages.OpenAsync(browser, "/monitoring");
        await Expect(page.Locator("#turnaround-table")).ToContainTextAsync("形式审查");

        // The charts are drawn with the report's figures: the intake among the steps, its target (3 working days) and
        // its share within target as bars that rise from the axis; the project's site among the cycle times (by its protocol
        // number alone: the office head's sites are all its own institution's), with a bar for each of the four holders and
        // the holders named in the legend.
        await Expect(page.Locator("#turnaround-chart .mud-charts-xaxis text").Filter(new() { HasText = "形式审查" })).ToHaveCountAsync(1);
        await Expect(page.Locator("#share-chart .mud-charts-xaxis text").Filter(new() { HasText = "形式审查" })).ToHaveCountAsync(1);
        Assert.True(await RisingBarsAsync(page.Locator("#turnaround-chart path.mud-chart-bar")) > 0, "the turnaround chart draws no bar above its axis");
        Assert.True(await RisingBarsAsync(page.Locator("#share-chart path.mud-chart-bar")) > 0, "the share chart draws no bar above its axis");
        var sites = await page.Locator("#cycle-chart .mud-charts-xaxis text").AllTextContentsAsync(); // SVG text has no innerText
        Assert.Contains(protocol, sites);
        await Expect(page.Locator("#cycle-chart path.mud-chart-bar")).ToHaveCountAsync(4 * sites.Count);
        await Expect(page.Locator("#cycle-chart .mud-chart-legend-item")).ToHaveTextAsync(["机构", "伦理委员会", "申办方", "等待组长单位"]);

        // The picker's own labels are Chinese (MudBlazor's words come from the workspace's resources).
        var start = page.Locator("#turnaround-period-start");
        var end = page.Locator("#turnaround-period-end");
        await Expect(start).ToHaveAttributeAsync("aria-label", "开始日期");
        await Expect(end).ToHaveAttributeAsync("aria-label", "结束日期");

        // Typed as ISO dates (the same in both languages); a period with nothing in it says so, and the CSV follows.
        await start.FillAsync("2020-01-01");
        await start.PressAsync("Tab");
        await end.FillAsync("2020-01-31");
        await end.PressAsync("Tab");
        await Expect(page.Locator("#turnaround-empty")).ToHaveTextAsync("此期间没有办结的环节。");
        await Expect(page.Locator("#download-steps-csv")).ToHaveAttributeAsync("href", "/workspace/monitoring/steps.csv?from=2020-01-01&to=2020-01-31");
        var csv = await page.APIRequest.GetAsync(new Uri(browser.BaseAddress, "/workspace/monitoring/steps.csv?from=2020-01-01&to=2020-01-31").ToString());
        Assert.Equal(200, csv.Status);
        Assert.Contains("-from-2020-01-01-to-2020-01-31.csv", csv.Headers["content-disposition"], StringComparison.Ordinal);
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync($"office-head-monitoring-period-zh-{database}");

        // Cleared, the whole history is back.
        await page.Locator(".mud-picker button[aria-label='清除']").ClickAsync();
        await Expect(page.Locator("#turnaround-table")).ToContainTextAsync("形式审查");
        await Expect(page.Locator("#download-steps-csv")).ToHaveAttributeAsync("href", "/workspace/monitoring/steps.csv");

        // The cycle times' link downloads them as a CSV file: its header, and a row for the project's site.
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download-cycle-times-csv").ClickAsync());
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        var bytes = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]); // marked as UTF-8, so Excel on a Chinese Windows reads the names right
        var lines = await File.ReadAllLinesAsync(await download.PathAsync());
        Assert.StartsWith("试验题目,方案编号,机构项目,机构,机构代码,", lines[0], StringComparison.Ordinal); // in the page's language
        var row = Assert.Single(lines[1..], l => l.Contains($",{protocol},", StringComparison.Ordinal));
        Assert.Equal(lines[0].Split(',').Length, row.Split(',').Length);
        Assert.StartsWith($"A test trial,{protocol},{protocol} · 上海示范医院,上海示范医院,sh-site,单中心,", row, StringComparison.Ordinal);
        Assert.DoesNotContain(project.ToString(), row, StringComparison.OrdinalIgnoreCase); // named, not by its id

        // The institution's white paper of this year, in the page's language, downloads as a PDF named for it.
        var year = host.Services.GetRequiredService<TimeProvider>().GetLocalNow().Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Expect(page.Locator("#download-white-paper-pdf")).ToHaveAttributeAsync("href", $"/workspace/white-papers/{year}?format=pdf&language=zh-CN");
        var paper = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download-white-paper-pdf").ClickAsync());
        Assert.Equal($"white-paper-{DemoIds.Shanghai}-{year}-zh-CN.pdf", paper.SuggestedFilename);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString((await File.ReadAllBytesAsync(await paper.PathAsync()))[..4]));
        browser.AssertNoErrors();
    }

    // How many of the bars rise from the axis (an SVG path "M x y1 L x y2" with y2 above y1); a bar of zero is a flat path.
    private static async Task<int> RisingBarsAsync(ILocator bars)
    {
        var risen = 0;
        foreach (var path in await bars.EvaluateAllAsync<string[]>("paths => paths.map(p => p.getAttribute('d'))"))
        {
            var y = path.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (y.Length == 6 && double.Parse(y[5], CultureInfo.InvariantCulture) < double.Parse(y[2], CultureInfo.InvariantCulture) - 1)
            {
                risen++;
            }
        }

        return risen;
    }
}
