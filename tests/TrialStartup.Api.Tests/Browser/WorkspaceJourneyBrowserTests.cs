namespace TrialStartup.Api.Tests.Browser;

using System.Net.Http.Json;
using System.Text.Json;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Workflows.Definitions;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

/// <summary>
/// The web workspace end to end in Chromium against the real host: a sponsor registers a single-center trial, and five
/// people of the Shanghai hospital take its site project from registration to activation, each in a browser of their
/// own, while the sponsor's trial page shows every step as it happens. Every page met is checked with axe and kept as a
/// screenshot.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class WorkspaceJourneyBrowserTests(ChromiumFixture chromium, BrowserHosts hosts, ITestOutputHelper output)
{
    // The dossier's required documents, in the order the upload form offers the next missing one.
    private static readonly string[] RequiredKinds = ["protocol", "investigator-brochure", "informed-consent", "contract-draft", "budget"];

    [ChromiumTheory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task SingleSiteProject_GoesFromRegistrationToActivation_EntirelyInTheBrowser(string database)
    {
        var host = hosts.For(database);
        await using var sponsor = await chromium.OpenAsync(host, GetType(), output);
        await using var siteOffice = await chromium.OpenAsync(host, GetType(), output);
        await using var approvalOffice = await chromium.OpenAsync(host, GetType(), output);
        await using var ethicsSecretary = await chromium.OpenAsync(host, GetType(), output);
        await using var contractOffice = await chromium.OpenAsync(host, GetType(), output);
        await using var investigator = await chromium.OpenAsync(host, GetType(), output);
        await WorkspacePages.SignInAsync(sponsor, "sponsor@demo-pharma.demo");
        await WorkspacePages.SignInAsync(siteOffice, "site-office@sh-site.demo");
        await WorkspacePages.SignInAsync(approvalOffice, "approval-office@sh-site.demo");
        await WorkspacePages.SignInAsync(ethicsSecretary, "ethics-secretary@sh-site.demo");
        await WorkspacePages.SignInAsync(contractOffice, "contract-office@sh-site.demo");
        await WorkspacePages.SignInAsync(investigator, "pi@sh-site.demo");
        var protocol = "WEB-" + database + "-" + Guid.NewGuid().ToString("N")[..6];

        // The sponsor registers the trial, choosing the Shanghai hospital as its one site.
        await WorkspacePages.OpenAsync(sponsor, "/trials");
        await sponsor.ClickToNavigateAsync(sponsor.Page.Locator("#new-trial"), "**/trials/new");
        await WorkspacePages.ReadyAsync(sponsor.Page);
        await CheckAsync(sponsor, $"new-trial-{database}");
        await sponsor.Page.Locator("#trial-protocol").FillAsync(protocol);
        await sponsor.Page.Locator("#trial-title").FillAsync("A single-center trial started in the browser");
        await WorkspacePages.ChooseAsync(sponsor.Page, "trial-sites", "Shanghai Demo Hospital", closeAfter: true);
        await sponsor.ClickToNavigateAsync(sponsor.Page.Locator("#create-trial"), TrialPage());
        var trialId = Guid.Parse(TrialPage().Match(sponsor.Page.Url).Groups[1].Value);
        await WorkspacePages.ReadyAsync(sponsor.Page);
        await Expect(SiteStatus(sponsor)).ToHaveAttributeAsync("data-site-status", "not-started");
        await CheckAsync(sponsor, $"sponsor-trial-registered-{database}");

        // The site office finds it among its trials and registers its site.
        await WorkspacePages.OpenAsync(siteOffice, "/trials");
        await CheckAsync(siteOffice, $"site-office-trials-{database}");
        await siteOffice.ClickToNavigateAsync(siteOffice.Page.Locator($"#register-{protocol}"), ProjectPage());
        var projectId = Guid.Parse(ProjectPage().Match(siteOffice.Page.Url).Groups[1].Value);
        await WorkspacePages.ReadyAsync(siteOffice.Page);

        // The path is drawn from the definition: its stages joined by arrows, each task with its target, where its change
        // requests go and which outcomes end the project there.
        var path = siteOffice.Page.Locator(".ts-path");
        // The page renders before its project is loaded, so wait for the path itself rather than count an empty page.
        await Expect(path.Locator("> .ts-stage").Nth(4)).ToBeVisibleAsync();
        var stages = await path.Locator("> .ts-stage").CountAsync();
        Assert.True(stages >= 5, $"{stages} stages");
        await Expect(path.Locator("> .ts-arrow")).ToHaveCountAsync(stages - 1);
        var ethics = path.Locator(".ts-step[data-step='ethics-review']");
        await Expect(ethics.Locator("[data-rule='target']")).ToContainTextAsync("working days");
        await Expect(ethics.Locator("[data-rule='revision']")).ToContainTextAsync("go to the sponsor");
        await Expect(ethics.Locator("[data-rule='end']")).ToContainTextAsync("Disapprove");
        await Expect(path.Locator(".ts-lane[data-lane='ethics'] .ts-arrow-down")).ToHaveCountAsync(1);

        // One dossier for all reviews: each required document dropped in, with its version, size and fingerprint shown.
        foreach (var kind in RequiredKinds)
        {
            await Expect(siteOffice.Page.Locator("#upload-kind")).ToHaveValueAsync(kind);
            await UploadAsync(siteOffice.Page, kind);
        }

        await Expect(siteOffice.Page.Locator("#dossier .ts-hash")).ToHaveCountAsync(RequiredKinds.Length);

        // A PDF opens in the browser's own viewer: the same bytes, inline, with the fingerprint shown beside it.
        var protocolLink = siteOffice.Page.Locator("#dossier tr[data-kind='protocol'] a");
        var document = await siteOffice.Page.APIRequest.GetAsync((await protocolLink.GetAttributeAsync("href"))!);
        Assert.Equal(200, document.Status);
        Assert.Equal("application/pdf", document.Headers["content-type"]);
        Assert.StartsWith("inline", document.Headers["content-disposition"], StringComparison.Ordinal);
        var shown = await siteOffice.Page.Locator("#dossier tr[data-kind='protocol'] .ts-hash").InnerTextAsync();
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await document.BodyAsync())), shown.Trim());
        await CheckAsync(siteOffice, $"site-office-dossier-{database}");
        await siteOffice.Page.Locator("#submit-dossier").ClickAsync();
        await Expect(siteOffice.Page.Locator("#open-tasks tr[data-step='intake']")).ToBeVisibleAsync();
        await SponsorSeesAsync(sponsor, trialId, protocol, "Intake (completeness check)");

        // Submitted, the project has a forecast: on the site office's project page with the source of each remaining step,
        // and on the sponsor's trial page per site and as "k of n sites active".
        await Expect(siteOffice.Page.Locator("#forecast-dates")).ToContainTextAsync("Expected activation");
        await Expect(siteOffice.Page.Locator("#forecast-sources tr[data-step='ethics-review']")).ToBeVisibleAsync();
        await CheckAsync(siteOffice, $"site-office-forecast-{database}");
        await Expect(sponsor.Page.Locator("#trial-forecast tr[data-sites='1']")).ToBeVisibleAsync();
        await Expect(sponsor.Page.Locator("#sites td[data-forecast]").First).ToHaveAttributeAsync("data-forecast", DateForecast());
        await CheckAsync(sponsor, $"sponsor-trial-forecast-{database}");

        // The to-do list counts the intake's time in working days: opened on Monday 2 March with a target of 3 working
        // days, its last day is Thursday 5 March, 3 working days after today (the hosts' clocks start on that Monday).
        await WorkspacePages.OpenAsync(siteOffice, "/");
        var intakeRow = siteOffice.Page.Locator("#inbox tbody tr").Filter(new() { Has = siteOffice.Page.Locator($"a[href*='{projectId}']") });
        await Expect(intakeRow.Locator("[data-urgency]")).ToHaveTextAsync("3 working days left");
        await Expect(intakeRow.Locator("[data-urgency]")).ToHaveAttributeAsync("data-urgency", "on-time");
        await Expect(intakeRow).ToContainTextAsync("5 Mar 2026");

        // Each reviewer starts from their to-do list.
        await DecideFromInboxAsync(siteOffice, projectId, "intake", "complete", database);
        await SponsorSeesAsync(sponsor, trialId, protocol, "Institutional approval");
        await DecideFromInboxAsync(approvalOffice, projectId, "institutional-approval", "approve", database);
        await DecideFromInboxAsync(ethicsSecretary, projectId, "ethics-review", "approve", database, reviewType: "Full-board review");
        await SponsorSeesAsync(sponsor, trialId, protocol, "Contract review");
        await DecideFromInboxAsync(contractOffice, projectId, "contract-review", "agreed", database);
        await SponsorSeesAsync(sponsor, trialId, protocol, "Contract signing");
        await DecideFromInboxAsync(contractOffice, projectId, "contract-signing", "signed", database);
        await SponsorSeesAsync(sponsor, trialId, protocol, "Start-up meeting");
        await DecideFromInboxAsync(investigator, projectId, "startup-meeting", "held", database);

        // Activated: the sponsor's grid says so, and the project page shows every signed decision and the path walked.
        await WorkspacePages.OpenAsync(sponsor, $"/trials/{trialId}");
        await Expect(SiteStatus(sponsor)).ToHaveAttributeAsync("data-site-status", "activated");
        await CheckAsync(sponsor, $"sponsor-trial-activated-{database}");
        await WorkspacePages.OpenAsync(sponsor, $"/projects/{projectId}");
        await Expect(sponsor.Page.Locator("#decisions tbody tr")).ToHaveCountAsync(6);
        await Expect(sponsor.Page.Locator(".ts-step[data-step='site-activated']")).ToHaveAttributeAsync("data-state", "done");
        await Expect(sponsor.Page.Locator("#project-status")).ToHaveTextAsync("Activated");

        // The timeline: the three parallel reviews as lanes side by side in time, each with its finished stretch.
        foreach (var lane in new[] { "approval", "ethics", "contract" })
        {
            await Expect(sponsor.Page.Locator($"#timeline .ts-timeline-row[data-lane='{lane}'] .ts-bar-done")).ToHaveCountAsync(1);
        }

        await Expect(sponsor.Page.Locator("#timeline .ts-bar-open")).ToHaveCountAsync(0);
        await CheckAsync(sponsor, $"sponsor-project-activated-{database}");
        await WorkspacePages.OpenAsync(sponsor, $"/projects/{projectId}/audit", interactive: false);
        await Expect(sponsor.Page.Locator("#audit tr[data-action='record-decision'][data-accepted='true']")).ToHaveCountAsync(6);
        await CheckAsync(sponsor, $"sponsor-project-audit-{database}");

        var decisions = await host.WithDbAsync(db => db.Decisions.Where(d => d.SiteProjectId == projectId).CountAsync());
        Assert.Equal(6, decisions);
        foreach (var browser in new[] { sponsor, siteOffice, approvalOffice, ethicsSecretary, contractOffice, investigator })
        {
            browser.AssertNoErrors();
        }
    }

    [ChromiumTheory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task AChangeRequest_IsAnsweredByTheSponsorInTheBrowser_AndTheStepOpensAgainForItsNextRound(string database)
    {
        var host = hosts.For(database);
        var project = await Journey.SubmittedSingleSiteAsync(host, DemoIds.Shanghai);
        await using var siteOffice = await chromium.OpenAsync(host, GetType(), output);
        await using var sponsor = await chromium.OpenAsync(host, GetType(), output, BrowserOptions.Chinese);
        await WorkspacePages.SignInAsync(siteOffice, "site-office@sh-site.demo");
        await WorkspacePages.SignInAsync(sponsor, "sponsor@demo-pharma.demo");

        // The intake asks for changes, which the sponsor holds.
        await DecideFromInboxAsync(siteOffice, project, "intake", "incomplete", database, requestsChanges: true);

        // The sponsor's to-do list has it; the project page takes the answer.
        await WorkspacePages.OpenAsync(sponsor, "/");
        var open = sponsor.Page.Locator($"#inbox a[href*='{project}'][href*='task=intake']");
        await Expect(open).ToBeVisibleAsync();
        await Expect(sponsor.Page.Locator("#inbox")).ToContainTextAsync("退回修改");
        // Who handed it over: the site office's person, with their role and hospital (not the reader's own organisation).
        var handedOver = sponsor.Page.Locator("#inbox tbody tr", new() { Has = sponsor.Page.Locator($"a[href*='{project}'][href*='task=intake']") }).Locator("td[data-column=handed-over-by]");
        await Expect(handedOver).ToContainTextAsync("· 机构办公室 · 上海示范医院");
        await Expect(sponsor.Page.Locator("#inbox thead")).ToContainTextAsync("交办人");
        await sponsor.AssertAccessibleAsync();
        await sponsor.ScreenshotAsync($"sponsor-change-request-zh-{database}");

        // The portfolio's "waiting on us" keeps the trial while the sponsor holds its change request.
        var trialId = (await Journey.DetailAsync(host, project, DemoIds.Shanghai)).GetProperty("project").GetProperty("trialId").GetGuid();
        var protocol = (await host.ClientFor(DemoIds.Sponsor, Roles.Sponsor)
            .GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/trials/{trialId}", UriKind.Relative))).Str("protocolNumber");
        await PortfolioWaitingOnUsAsync(sponsor, protocol, expectListed: true);
        await sponsor.AssertAccessibleAsync();
        await WorkspacePages.OpenAsync(sponsor, "/");
        await sponsor.ClickToNavigateAsync(open, $"**/projects/{project}?task=intake");
        await WorkspacePages.ReadyAsync(sponsor.Page);
        await sponsor.Page.Locator("#resubmit-note-intake").FillAsync("补充了研究者履历");
        await sponsor.AssertAccessibleAsync();
        await sponsor.ScreenshotAsync($"sponsor-resubmit-zh-{database}");
        await sponsor.Page.Locator("#resubmit-intake").ClickAsync();
        await Expect(sponsor.Page.Locator("#resubmit-intake")).ToHaveCountAsync(0);
        await PortfolioWaitingOnUsAsync(sponsor, protocol, expectListed: false); // answered: nothing waits on the sponsor now

        // Round 2 of the intake is the site office's again.
        await WorkspacePages.OpenAsync(siteOffice, "/");
        await Expect(siteOffice.Page.Locator($"#inbox a[href*='{project}'][href*='task=intake']")).ToBeVisibleAsync();
        await Expect(siteOffice.Page.Locator("#inbox")).ToContainTextAsync("round 2");
        var roundTwo = siteOffice.Page.Locator("#inbox tbody tr", new() { Has = siteOffice.Page.Locator($"a[href*='{project}'][href*='task=intake']") });
        await Expect(roundTwo.Locator("td[data-column=handed-over-by]")).ToContainTextAsync("· Sponsor · Demo Pharma"); // the sponsor handed the answer in
        await WorkspacePages.OpenAsync(siteOffice, $"/projects/{project}/tasks/intake");
        await Expect(siteOffice.Page.Locator("h1")).ToHaveTextAsync("Decide: Intake (completeness check) · round 2"); // the form says which round it signs
        var resubmitted = await host.WithDbAsync(db => db.Audit.CountAsync(a => a.ResourceId == project && a.Action == "resubmit" && a.Accepted));
        Assert.Equal(1, resubmitted);
        siteOffice.AssertNoErrors();
        sponsor.AssertNoErrors();
    }

    [ChromiumTheory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task ASponsorsChangeRequest_IsAnsweredByTheSiteOfficeForIt_FromItsToDoList(string database)
    {
        // Prepared through the API: the three reviews open, then the contract office asks for changes, which the sponsor holds.
        var host = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(host, DemoIds.Shanghai);
        await Reviewing.DecideAsync(host, project, DemoIds.Shanghai, Roles.ContractOffice, "contract-review", "changes-requested");
        await using var siteOffice = await chromium.OpenAsync(host, GetType(), output);
        await WorkspacePages.SignInAsync(siteOffice, "site-office@sh-site.demo");

        // The site office's to-do list shows the sponsor's change request; its project page takes the answer.
        await WorkspacePages.OpenAsync(siteOffice, "/");
        var open = siteOffice.Page.Locator($"#inbox a[href*='{project}'][href*='task=contract-review']");
        await Expect(open).ToBeVisibleAsync();
        await Expect(siteOffice.Page.Locator("#inbox")).ToContainTextAsync("Changes requested");
        await siteOffice.ClickToNavigateAsync(open, $"**/projects/{project}?task=contract-review");
        await WorkspacePages.ReadyAsync(siteOffice.Page);
        await Expect(siteOffice.Page.Locator("#open-tasks tr[data-step='contract-review']")).ToContainTextAsync("Sponsor");
        // Handed to the sponsor by the contract office of the reader's own hospital, so the hospital is not named again.
        await Expect(siteOffice.Page.Locator("#open-tasks tr[data-step='contract-review'] td[data-column=handed-over-by]"))
            .ToHaveTextAsync(new Regex(@"^\S.* · Contract office$"));
        await siteOffice.Page.Locator("#resubmit-note-contract-review").FillAsync("Budget revised by the sponsor, handed in by the office");
        await siteOffice.AssertAccessibleAsync();
        await siteOffice.ScreenshotAsync($"site-office-answers-for-sponsor-{database}");
        await siteOffice.Page.Locator("#resubmit-contract-review").ClickAsync();
        await Expect(siteOffice.Page.Locator("#resubmit-contract-review")).ToHaveCountAsync(0);
        await Expect(siteOffice.Page.Locator("#open-tasks tr[data-step='contract-review']")).ToContainTextAsync("round 2");

        // Round 2 is the contract office's; the history says the site office answered.
        var contractInbox = await Reviewing.WholeInboxAsync(host.ClientFor(DemoIds.Shanghai, Roles.ContractOffice));
        Assert.Equal(2, Assert.Single(contractInbox, t => t.GetProperty("siteProjectId").GetGuid() == project).GetProperty("round").GetInt32());
        var audit = await host.WithDbAsync(db => db.Audit.Where(a => a.ResourceId == project && a.Action == "resubmit" && a.Accepted).ToListAsync());
        Assert.Equal(Roles.SiteOffice, Assert.Single(audit).Role);
        siteOffice.AssertNoErrors();
    }

    // From the person's to-do list to the task's decision form, signed; the project page shows the task gone, or, when the
    // decision asks for changes, held by the submitter.
    private async Task DecideFromInboxAsync(BrowserSession browser, Guid projectId, string stepId, string outcome, string database,
        string? reviewType = null, bool requestsChanges = false)
    {
        var page = browser.Page;
        await WorkspacePages.OpenAsync(browser, "/");
        var open = page.Locator($"#inbox a[href*='{projectId}'][href*='task={stepId}']");
        await Expect(open).ToBeVisibleAsync();
        await CheckAsync(browser, $"inbox-{stepId}-{database}");
        await browser.ClickToNavigateAsync(open, $"**/projects/{projectId}?task={stepId}");
        await WorkspacePages.ReadyAsync(page);
        await CheckAsync(browser, $"project-{stepId}-{database}");
        await browser.ClickToNavigateAsync(page.Locator($"#decide-{stepId}"), $"**/projects/{projectId}/tasks/{stepId}");
        await WorkspacePages.ReadyAsync(page);
        await page.Locator($"#outcome-{outcome}").ClickAsync();
        if (reviewType is not null)
        {
            await WorkspacePages.ChooseAsync(page, "decision-review-type", reviewType);
        }

        await page.Locator("#decision-reason").FillAsync($"{outcome}: checked in the browser");
        await page.Locator("#signature-password").FillAsync(Organisations.DemoSeed.Password);
        await Expect(page.Locator("#signature-manifestation")).ToContainTextAsync("Demo");
        await CheckAsync(browser, $"decide-{stepId}-{database}");
        await browser.ClickToNavigateAsync(page.Locator("#sign-decision"), $"**/projects/{projectId}");

        try
        {
            // Counted once the page shows its tasks (a page still loading lists none, which is not the answer), by holder: a
            // change request leaves the task open, held by the submitter.
            await Expect(page.Locator("#open-tasks, #no-open-tasks").First).ToBeVisibleAsync();
            await Expect(page.Locator($"#open-tasks tr[data-step='{stepId}'][data-held='reviewer']")).ToHaveCountAsync(0);
            await Expect(page.Locator($"#open-tasks tr[data-step='{stepId}'][data-held='submitter']")).ToHaveCountAsync(requestsChanges ? 1 : 0);
        }
        catch (PlaywrightException)
        {
            // Seen once under load (the page still listed the task just decided): keep what the page showed, and what the
            // database says, for whoever meets it next.
            await browser.ScreenshotAsync($"still-listed-{stepId}-{database}");
            var rows = await hosts.For(database).WithDbAsync(db => db.OpenTasks.CountAsync(t => t.SiteProjectId == projectId && t.StepId == stepId));
            output.WriteLine($"after signing {stepId}: the page still lists it; open-task rows in the database: {rows}");
            throw;
        }
    }

    // Drops one PDF on the upload area. The area's file input starts listening a moment after the page connects (its
    // script is set up after the first interactive render); a file given before that is not seen, so it is given again,
    // as a person would drop it again.
    private static async Task UploadAsync(IPage page, string kind)
    {
        var row = page.Locator($"#dossier tr[data-kind='{kind}'][data-version='1']");
        for (var attempt = 1; ; attempt++)
        {
            // MudBlazor renders a fresh file input after each selection: the newest one takes the next file.
            await page.Locator("#dossier-upload input[type=file]").Last.SetInputFilesAsync(new FilePayload
            {
                Name = kind + ".pdf",
                MimeType = "application/pdf",
                Buffer = Pdf(kind),
            });
            try
            {
                await Expect(row).ToBeVisibleAsync(new() { Timeout = attempt < 3 ? 3_000 : 10_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
                // Given again only if the page did not see the file at all (no progress, no answer).
                if (await page.Locator(".upload-result, #upload-progress-label").CountAsync() > 0)
                {
                    throw;
                }
            }
        }
    }

    // The sponsor's trial page, opened afresh, names the site's current step.
    // The sponsor's portfolio, searched for the trial, and the trial's page both show where its site stands.
    private async Task SponsorSeesAsync(BrowserSession sponsor, Guid trialId, string protocol, string currentStep)
    {
        await WorkspacePages.OpenAsync(sponsor, "/trials");
        await sponsor.Page.Locator("#trials-search").FillAsync(protocol);
        var row = sponsor.Page.Locator("#trials tbody tr");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator($"a[href='/trials/{trialId}']")).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync(currentStep);
        await CheckAsync(sponsor, $"sponsor-portfolio-{currentStep.Replace(' ', '-')}-{protocol.Split('-')[1]}");
        await WorkspacePages.OpenAsync(sponsor, $"/trials/{trialId}");
        await Expect(SiteStatus(sponsor)).ToContainTextAsync(currentStep);
    }

    // The sponsor's portfolio, searched for the trial with "only those waiting on us" on (the page is in Chinese).
    private static async Task PortfolioWaitingOnUsAsync(BrowserSession sponsor, string protocol, bool expectListed)
    {
        await WorkspacePages.OpenAsync(sponsor, "/trials");
        await sponsor.Page.Locator("#trials-search").FillAsync(protocol);
        await Expect(sponsor.Page.Locator("#trials tbody tr", new() { HasText = protocol })).ToHaveCountAsync(1); // listed without the filter
        await sponsor.Page.GetByLabel("只看待我方处理的").CheckAsync();
        if (expectListed)
        {
            await Expect(sponsor.Page.Locator("#trials tbody tr", new() { HasText = protocol })).ToHaveCountAsync(1);
        }
        else
        {
            await Expect(sponsor.Page.Locator("#trials")).ToContainTextAsync("没有符合搜索或筛选条件的试验。");
        }
    }

    private static ILocator SiteStatus(BrowserSession sponsor) => sponsor.Page.Locator("#sites td[data-site-status]").First;

    private async Task CheckAsync(BrowserSession browser, string name)
    {
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync(name);
    }

    private static byte[] Pdf(string title) =>
        Encoding.ASCII.GetBytes($"%PDF-1.7\n1 0 obj << /Title ({title} {Guid.NewGuid()}) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex DateForecast();

    [GeneratedRegex("/trials/([0-9a-f-]{36})$")]
    private static partial Regex TrialPage();

    [GeneratedRegex("/projects/([0-9a-f-]{36})$")]
    private static partial Regex ProjectPage();
}
