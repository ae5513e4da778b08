namespace TrialStartup.Api.Tests.Browser;

using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.TestServers;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

/// <summary>
/// The record integrity page: the platform's administrator records today's checkpoint and sees its hash, verifies every
/// hash chain (against that hash too) and sees that every link holds; after one audit entry is changed with SQL, the
/// verification names the audit trail, the record and what happened to it. Nobody else sees the page in the menu or can
/// use it. The entry is put back before the test ends, so the shared host's chains hold for the tests after it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RecordIntegrityBrowserTests(ChromiumFixture chromium, BrowserHosts hosts, ITestOutputHelper output)
{
    [ChromiumTheory]
    [PostgresData]
    public async Task ThePlatformAdministrator_VerifiesTheChains_AndSeesWhereOneWasChanged_AndOthersCannot(string database)
    {
        var host = hosts.For(database);
        var project = await Journey.SubmittedSingleSiteAsync(host, DemoIds.Shanghai);

        await using var platform = await chromium.OpenAsync(host, GetType(), output);
        await WorkspacePages.SignInAsync(platform, "admin@trialstartup.demo");
        var page = platform.Page;
        await Expect(page.Locator("nav a[href='/admin/audit']")).ToHaveTextAsync("Record integrity");
        await WorkspacePages.OpenAsync(platform, "/admin/audit");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Record integrity");
        await Expect(page.Locator("#audit-anchor-how")).ToContainTextAsync("audit verify --anchor");

        // Today's checkpoint, recorded now (or the one the host recorded today): its hash is shown and listed.
        await page.Locator("#audit-record-checkpoint").ClickAsync();
        await Expect(page.Locator("#audit-checkpoint-recorded")).ToBeVisibleAsync();
        var checkpoint = await host.WithDbAsync(db => db.ChainCheckpoints.AsNoTracking().OrderByDescending(c => c.Sequence).FirstAsync());
        await Expect(page.Locator("#audit-recorded-hash")).ToHaveTextAsync(checkpoint.Hash);
        await Expect(page.Locator($"#checkpoint-hash-{checkpoint.Sequence}")).ToHaveTextAsync(checkpoint.Hash);
        await Expect(page.Locator($"#checkpoint-state-{checkpoint.Sequence}")).ToHaveTextAsync("Intact");
        await Expect(page.Locator($"#checkpoint-hash-{checkpoint.Sequence}-copy")).ToHaveAttributeAsync("aria-label", new Regex("^Copy the hash"));
        await platform.AssertAccessibleAsync();

        // A hash that is not one is refused on its field, which keeps what was pasted.
        var anchor = page.Locator("#audit-anchor");
        await anchor.FillAsync(checkpoint.Hash.ToUpperInvariant());
        await page.Locator("#audit-verify").ClickAsync();
        var anchorField = anchor.Locator("xpath=ancestor::div[contains(concat(' ', @class, ' '), ' mud-input-control ')][1]");
        await Expect(anchorField).ToContainTextAsync("This is not a checkpoint hash");
        await Expect(anchor).ToHaveValueAsync(checkpoint.Hash.ToUpperInvariant());
        await Expect(page.Locator("#audit-result-intact")).ToHaveCountAsync(0);

        // Verified against the checkpoint's hash, from the keyboard: every link holds, with the counts per table.
        await anchor.FillAsync(checkpoint.Hash);
        await anchor.PressAsync("Enter");
        var intact = page.Locator("#audit-result-intact");
        await Expect(intact).ToContainTextAsync("Every link holds");
        await Expect(page.Locator("#audit-anchor-found")).ToBeVisibleAsync();
        await Expect(page.Locator("#audit-counts tr[data-table='Audit'] th")).ToHaveTextAsync("Audit trails");
        await Expect(page.Locator("#audit-counts tr[data-table='Events'] th")).ToHaveTextAsync("Workflow events");
        await platform.AssertAccessibleAsync();
        await platform.ScreenshotAsync($"platform-record-integrity-intact-{database}");

        // One audit entry of the project changed with SQL, as someone with database access could.
        var entry = await host.WithDbAsync(db => db.Audit.AsNoTracking()
            .Where(a => a.ResourceType == "site-project" && a.ResourceId == project && a.ChainSequence == 1)
            .Select(a => new { a.Id, a.Reason }).SingleAsync());
        await host.WithDbAsync(db => db.Audit.Where(a => a.Id == entry.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Reason, "changed outside TrialStartup")));
        try
        {
            await anchor.FillAsync("");
            await page.Locator("#audit-verify").ClickAsync();
            var broken = page.Locator("#audit-result-broken");
            await Expect(broken).ToContainTextAsync("A record was changed outside TrialStartup");
            await Expect(page.Locator("#audit-broken-what")).ToHaveTextAsync(
                $"Record 1 of the audit trail of site-project/{project} was changed after it was written.");
            await Expect(page.Locator("#audit-broken-table")).ToHaveTextAsync("Audit trails");
            await Expect(page.Locator("#audit-broken-chain")).ToHaveTextAsync($"site-project/{project}");
            await Expect(page.Locator("#audit-broken-link")).ToHaveTextAsync("1");
            await Expect(page.Locator("#audit-broken-kind")).ToHaveTextAsync("changed after it was written");
            await Expect(page.Locator("#audit-broken-project")).ToHaveAttributeAsync("href", $"/projects/{project}/audit");

            // The hashes are there for whoever investigates, one click away.
            await page.GetByText("Technical details: the hashes").ClickAsync();
            await Expect(page.Locator("#audit-expected-hash")).ToHaveTextAsync(new Regex("^[0-9a-f]{64}$"));
            await Expect(page.Locator("#audit-found-hash")).ToHaveTextAsync(new Regex("^[0-9a-f]{64}$"));
            await platform.AssertAccessibleAsync();
            await platform.ScreenshotAsync($"platform-record-integrity-broken-{database}");
        }
        finally
        {
            await host.WithDbAsync(db => db.Audit.Where(a => a.Id == entry.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Reason, entry.Reason)));
        }

        // Put back, the entry holds again.
        await page.Locator("#audit-verify").ClickAsync();
        await Expect(page.Locator("#audit-result-intact")).ToContainTextAsync("Every link holds");

        // The checkpoint's hash copied to keep elsewhere (after the accessibility checks: a snackbar fading in fails axe's contrast rule).
        await platform.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await page.Locator($"#checkpoint-hash-{checkpoint.Sequence}-copy").ClickAsync();
        await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("The hash is copied.");
        Assert.Equal(checkpoint.Hash, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        platform.AssertNoErrors();

        // An organisation's administrator has no such page.
        await using var other = await chromium.OpenAsync(host, GetType(), output);
        await WorkspacePages.SignInAsync(other, "admin@bj-lead.demo");
        await Expect(other.Page.Locator("nav a[href='/admin/audit']")).ToHaveCountAsync(0);
        await WorkspacePages.OpenAsync(other, "/admin/audit");
        await Expect(other.Page.Locator("#audit-load-problem")).ToHaveTextAsync("Your role may not do this.");
        await Expect(other.Page.Locator("#audit-verify")).ToHaveCountAsync(0);
        other.AssertNoErrors();
    }
}
