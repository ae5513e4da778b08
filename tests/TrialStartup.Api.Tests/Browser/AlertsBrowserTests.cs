namespace TrialStartup.Api.Tests.Browser;

using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using TrialStartup.Api.Tests.Alerts;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Workflows.Definitions;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

/// <summary>
/// Turnaround timers as people see them: a fired warning and a fired breach colour the holders' to-do lists, the office
/// head acknowledges the escalated breach on the alerts page (empty, without a pager, until the timers fire), and the sponsor
/// sees the breach at its site there.
/// The timers fire before their deadlines (as <see cref="Firing"/> says), so the project's tasks would sort after the
/// shared hosts' older ones and off the first page: these tests have hosts of their own.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AlertsBrowserTests(ChromiumFixture chromium, AlertsBrowserTests.OwnHosts hosts, ITestOutputHelper output)
    : IClassFixture<AlertsBrowserTests.OwnHosts>
{
    /// <summary>This class's own hosts, one per database.</summary>
    public sealed class OwnHosts() : HostsPerDatabase<KestrelApiFactory>(database => KestrelApiFactory.Start(database));

    [ChromiumTheory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task FiredTimers_ColourTheToDoLists_TheOfficeHeadAcknowledgesTheBreach_AndTheSponsorSeesIt(string database)
    {
        // Prepared through the API: the three reviews open; the ethics review's warning and the contract review's breach
        // fire as the timer jobs would fire them.
        var host = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(host, DemoIds.Shanghai);

        // Before any timer fires, the office head's alerts page says there are none, with no "0–0 of 0" pager under it.
        await using var head = await chromium.OpenAsync(host, GetType(), output);
        await WorkspacePages.SignInAsync(head, "office-head@sh-site.demo");
        await WorkspacePages.OpenAsync(head, "/alerts");
        await Expect(head.Page.Locator("#alerts")).ToContainTextAsync("No alerts.");
        await Expect(head.Page.Locator("#alerts .mud-table-pagination-toolbar")).ToHaveCountAsync(0);
        await Expect(head.Page.Locator("#alerts")).Not.ToContainTextAsync("0–0");

        await Firing.FireAsync(host, project, "ethics-review", "warning");
        await Firing.FireAsync(host, project, "contract-review", "breach");

        // Each holder's to-do list shows its task's time left in the colour of the timer that fired.
        foreach (var (email, step, urgency) in new[]
                 {
                     ("ethics-secretary@sh-site.demo", "ethics-review", "warning"),
                     ("contract-office@sh-site.demo", "contract-review", "breach"),
                 })
        {
            await using var reviewer = await chromium.OpenAsync(host, GetType(), output);
            await WorkspacePages.SignInAsync(reviewer, email);
            await WorkspacePages.OpenAsync(reviewer, "/");
            var row = reviewer.Page.Locator("#inbox tr", new() { Has = reviewer.Page.Locator($"a[href*='{project}'][href*='task={step}']") });
            var timeLeft = row.Locator("[data-urgency]");
            await Expect(timeLeft).ToHaveAttributeAsync("data-urgency", urgency);
            await Expect(timeLeft).ToHaveClassAsync($"ts-days-{urgency}");
            await Expect(row.Locator("[data-urgency-word]")).ToContainTextAsync(urgency == "warning" ? "Warning" : "Breach"); // not by colour alone
            await reviewer.AssertAccessibleAsync();
            await reviewer.ScreenshotAsync($"inbox-{urgency}-{database}");
            reviewer.AssertNoErrors();
        }

        // The office head acknowledges the escalated breach. The list now has its count, and no page arrows: it fits on one page.
        await WorkspacePages.OpenAsync(head, "/alerts");
        var escalated = AlertRow(head.Page, project);
        await Expect(escalated.Locator("[data-kind]")).ToHaveAttributeAsync("data-kind", "breach");
        await Expect(head.Page.Locator("#alerts .mud-table-page-number-information")).ToHaveTextAsync(new Regex(@"^1–(\d+) of \1$"));
        await Expect(head.Page.Locator("#alerts .mud-table-pagination-actions")).ToHaveCountAsync(0);
        await Expect(escalated).ToContainTextAsync("Contract review");
        var protocol = await host.WithDbAsync(db => db.Trials.Where(t => db.SiteProjects.Any(p => p.Id == project && p.TrialId == t.Id))
            .Select(t => t.ProtocolNumber).SingleAsync());
        await Expect(escalated).ToContainTextAsync(protocol); // which trial, as on the to-do list
        await head.AssertAccessibleAsync();
        await head.ScreenshotAsync($"office-head-alerts-{database}");
        await escalated.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();
        await Expect(escalated).ToContainTextAsync("Acknowledged");
        await Expect(escalated.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" })).ToHaveCountAsync(0);
        var acknowledged = await host.WithDbAsync(db => db.Alerts.AsNoTracking()
            .Where(a => a.SiteProjectId == project && a.AcknowledgedAt != null).Select(a => a.Role).ToListAsync());
        Assert.Equal([Roles.OfficeHead], acknowledged);

        // The project's trail says it in words: the product's firings and the head's acknowledgement, by step and round.
        await WorkspacePages.OpenAsync(head, $"/projects/{project}/audit", interactive: false);
        await Expect(head.Page.Locator("#project-headline")).ToContainTextAsync(protocol);
        var breachFired = head.Page.Locator("#audit tr[data-action='fire-deadline']", new() { HasText = "Breach" });
        await Expect(breachFired).ToContainTextAsync("Contract review, round 1");
        await Expect(breachFired).ToContainTextAsync("System");
        await Expect(head.Page.Locator("#audit tr[data-action='acknowledge-alert']")).ToContainTextAsync("Contract review, round 1");
        await head.ScreenshotAsync($"office-head-audit-{database}");

        // The sponsor's alerts name the site; its copy is its own to acknowledge.
        await using var sponsor = await chromium.OpenAsync(host, GetType(), output);
        await WorkspacePages.SignInAsync(sponsor, "sponsor@demo-pharma.demo");
        await WorkspacePages.OpenAsync(sponsor, "/alerts");
        var told = AlertRow(sponsor.Page, project);
        await Expect(told.Locator("[data-kind]")).ToHaveAttributeAsync("data-kind", "breach");
        await Expect(told).ToContainTextAsync("Shanghai Demo Hospital");
        await Expect(told.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" })).ToBeVisibleAsync();
        await sponsor.AssertAccessibleAsync();
        await sponsor.ScreenshotAsync($"sponsor-alerts-{database}");
        head.AssertNoErrors();
        sponsor.AssertNoErrors();
    }

    // The alert row of the project (each project here has one alert per addressee).
    private static ILocator AlertRow(IPage page, Guid project) =>
        page.Locator("#alerts tr", new() { Has = page.Locator($"a[href='/projects/{project}']") });
}
