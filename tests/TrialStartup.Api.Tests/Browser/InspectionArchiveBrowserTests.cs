namespace TrialStartup.Api.Tests.Browser;

using Microsoft.Playwright;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Inspection;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Data.Inspection;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

/// <summary>The project page offers the inspection archive to those the export is for, and the file it downloads verifies offline.</summary>
[Collection(BrowserCollection.Name)]
public sealed class InspectionArchiveBrowserTests(ChromiumFixture chromium, BrowserHosts hosts, ITestOutputHelper output)
{
    [ChromiumTheory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task ProjectPage_ForTheSitesAdministrator_DownloadsAnArchiveThatVerifies_ForTheSponsorToo_ForItsSiteOffice_OffersNone(string database)
    {
        var host = hosts.For(database);
        var trial = await Journey.CreateTrialAsync(host, singleSite: DemoIds.Shanghai);
        var project = await InspectionArchiveTests.SubmittedWithRealDossierAsync(host, trial, DemoIds.Shanghai);
        await using var browser = await chromium.OpenAsync(host, GetType(), output, BrowserOptions.Chinese);
        var page = browser.Page;

        await WorkspacePages.SignInAsync(browser, "admin@sh-site.demo");
        await WorkspacePages.OpenAsync(browser, $"/projects/{project}");
        var link = page.Locator("#inspection-archive-link");
        await Expect(link).ToHaveTextAsync("检查档案（zip）");
        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());

        Assert.EndsWith(".zip", download.SuggestedFilename, StringComparison.Ordinal);
        var report = ArchiveVerifier.VerifyFile(await download.PathAsync());
        Assert.True(report.IsIntact, report.ToString());
        Assert.Equal(5, report.DocumentFiles);
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync($"admin-project-inspection-archive-zh-{database}");
        browser.AssertNoErrors();

        await using var sponsor = await chromium.OpenAsync(host, GetType(), output, BrowserOptions.Chinese);
        await WorkspacePages.SignInAsync(sponsor, "sponsor@demo-pharma.demo");
        await WorkspacePages.OpenAsync(sponsor, $"/projects/{project}");
        await Expect(sponsor.Page.Locator("#inspection-archive-link")).ToHaveAttributeAsync("href", $"/workspace/site-projects/{project}/inspection-archive");
        sponsor.AssertNoErrors();

        await using var office = await chromium.OpenAsync(host, GetType(), output, BrowserOptions.Chinese);
        await WorkspacePages.SignInAsync(office, "site-office@sh-site.demo");
        await WorkspacePages.OpenAsync(office, $"/projects/{project}");
        await Expect(office.Page.Locator("#audit-link")).ToBeVisibleAsync();
        await Expect(office.Page.Locator("#inspection-archive-link")).ToHaveCountAsync(0);
        office.AssertNoErrors();
    }
}
