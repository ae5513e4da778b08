namespace TrialStartup.Api.Tests.Browser;

using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Messaging;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Workflows.Definitions;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

/// <summary>
/// A multi-center trial in the browser: a participating site's page shows it waiting for the lead, then, once the lead's
/// ethics committee approves, the recognition step instead of a review of its own; its secretary recognises the
/// approval there, and the sponsor's green channel view shows the path each site took.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class GreenChannelBrowserTests(ChromiumFixture chromium, BrowserHosts hosts, ITestOutputHelper output)
{
    private const string WaitingForLead = "Waiting for the lead site";

    [ChromiumTheory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task ParticipatingSite_WhoseLeadHasNotSubmitted_SaysItsForecastEstimatesTheWaitAsIfTheLeadSubmittedToday(string database)
    {
        // The lead site is registered but has not submitted its dossier; the participating site has, and waits for it.
        var host = hosts.For(database);
        var trial = await Journey.CreateTrialAsync(host, multiCenter: true);
        await Journey.RegisterSiteAsync(host, trial, DemoIds.Lead);
        var alliance = await Journey.SubmittedSiteAsync(host, trial, DemoIds.Alliance);
        await Reviewing.DecideAsync(host, alliance, DemoIds.Alliance, Roles.SiteOffice, "intake", "complete");
        await using var secretary = await chromium.OpenAsync(host, GetType(), output, BrowserOptions.Chinese);
        await using var office = await chromium.OpenAsync(host, GetType(), output);
        await WorkspacePages.SignInAsync(secretary, "ethics-secretary@bj-alliance.demo");
        await WorkspacePages.SignInAsync(office, "site-office@bj-alliance.demo");

        await WorkspacePages.OpenAsync(secretary, $"/projects/{alliance}");
        await Expect(secretary.Page.Locator("#forecast-sources tr[data-step='await-lead-ethics']"))
            .ToHaveAttributeAsync("data-source", "lead-site-not-submitted");
        await Expect(secretary.Page.Locator("#forecast-sources tr[data-step='await-lead-ethics']")).ToContainTextAsync("组长单位尚未提交");
        await Expect(secretary.Page.Locator("#forecast-lead-wait")).ToHaveTextAsync("组长单位尚未提交：本预测按组长单位今天提交来估算等待时间，实际等待可能更长。");
        await secretary.AssertAccessibleAsync();
        await secretary.ScreenshotAsync($"participant-lead-not-submitted-zh-{database}");

        await WorkspacePages.OpenAsync(office, $"/projects/{alliance}");
        await Expect(office.Page.Locator("#forecast-lead-wait")).ToContainTextAsync("The lead site has not submitted yet");
    }

    [ChromiumTheory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task ParticipatingSite_ShowsTheRecognitionPath_OnceTheLeadApproves(string database)
    {
        // Prepared through the API: the trial, both sites submitted, intake done at both.
        var host = hosts.For(database);
        var trial = await Journey.CreateTrialAsync(host, multiCenter: true);
        var lead = await Journey.SubmittedSiteAsync(host, trial, DemoIds.Lead);
        var alliance = await Journey.SubmittedSiteAsync(host, trial, DemoIds.Alliance);
        await Reviewing.DecideAsync(host, alliance, DemoIds.Alliance, Roles.SiteOffice, "intake", "complete");
        await Reviewing.DecideAsync(host, lead, DemoIds.Lead, Roles.SiteOffice, "intake", "complete");
        await using var secretary = await chromium.OpenAsync(host, GetType(), output, BrowserOptions.Chinese);
        await using var sponsor = await chromium.OpenAsync(host, GetType(), output);
        await WorkspacePages.SignInAsync(secretary, "ethics-secretary@bj-alliance.demo");
        await WorkspacePages.SignInAsync(sponsor, "sponsor@demo-pharma.demo");

        // Before the lead decides: the participating site waits for it, in Chinese.
        await WorkspacePages.OpenAsync(secretary, $"/projects/{alliance}");
        await Expect(secretary.Page.Locator(".ts-step[data-step='await-lead-ethics']")).ToHaveAttributeAsync("data-state", "open");
        await Expect(secretary.Page.Locator("#waiting-for-lead")).ToHaveTextAsync("等待组长单位");
        await Expect(secretary.Page.Locator(".ts-step[data-step='ethics-recognition']")).ToHaveAttributeAsync("data-state", "pending");
        await Expect(secretary.Page.Locator(".ts-step[data-step='recognition-policy']")).ToHaveAttributeAsync("data-state", "pending");

        // The timeline shows the wait as a running stretch of the ethics lane, with the days waited so far, and the lanes
        // not begun yet as rows that say so, instead of leaving them out.
        var timeline = secretary.Page.Locator("#timeline");
        await Expect(timeline.Locator(".ts-timeline-row[data-lane='ethics'] .ts-bar-waiting[data-step='await-lead-ethics']")).ToHaveCountAsync(1);
        await Expect(timeline.Locator(".ts-timeline-waiting[data-step='await-lead-ethics']")).ToHaveTextAsync("等待组长单位伦理审查结果：已等待 0 天");
        await Expect(timeline.Locator(".ts-timeline-row[data-lane='contract'] .ts-bar-waiting[data-step='await-unified-template']")).ToHaveCountAsync(1);
        await Expect(timeline.Locator(".ts-timeline-row[data-lane='startup-meeting']")).ToHaveAttributeAsync("data-started", "false");
        await Expect(timeline.Locator(".ts-timeline-row[data-lane='startup-meeting']")).ToContainTextAsync("尚未开始");
        await Expect(timeline.Locator(".ts-timeline-row[data-lane='site-activated']")).ToHaveCountAsync(0); // an end step takes no time

        // The forecast counts the wait, from the lead site's own forecast, and says so.
        await Expect(secretary.Page.Locator("#forecast-sources tr[data-step='await-lead-ethics']")).ToHaveAttributeAsync("data-source", "lead-site");
        await Expect(secretary.Page.Locator("#forecast-lead-wait")).ToContainTextAsync("本预测已计入等待组长单位的时间");
        await secretary.AssertAccessibleAsync();
        await secretary.ScreenshotAsync($"participant-waiting-for-lead-zh-{database}");

        // The sponsor's trial page says the same: the participating site waits for the lead, the lead reviews.
        await WorkspacePages.OpenAsync(sponsor, $"/trials/{trial}");
        await Expect(sponsor.Page.Locator($"#green-channel tr[data-site='{alliance}']")).ToContainTextAsync(WaitingForLead);
        await Expect(sponsor.Page.Locator($"#green-channel tr[data-site='{lead}']")).Not.ToContainTextAsync(WaitingForLead);
        await sponsor.ScreenshotAsync($"sponsor-waiting-for-lead-{database}");

        // The lead's committee approves; the approval reaches the participant as a message.
        await Reviewing.DecideAsync(host, lead, DemoIds.Lead, Roles.EthicsCommittee, "ethics-review", "approve", reviewType: "expedited");
        await GreenChannelTests.OpenTaskAsync(host, alliance, DemoIds.Alliance, "ethics-recognition");

        await WorkspacePages.OpenAsync(secretary, $"/projects/{alliance}");
        await Expect(secretary.Page.Locator(".ts-step[data-step='ethics-recognition']")).ToHaveAttributeAsync("data-state", "open");
        await Expect(secretary.Page.Locator(".ts-step[data-step='await-lead-ethics']")).ToHaveAttributeAsync("data-state", "done");
        // The policy's choice took no time, but it was made: not "not started" under the recognition it chose.
        await Expect(secretary.Page.Locator(".ts-step[data-step='recognition-policy']")).ToHaveAttributeAsync("data-state", "done");
        await Expect(secretary.Page.Locator("#open-tasks tr[data-step='ethics-recognition']")).ToContainTextAsync("认可组长单位伦理审查结果");
        // The lead's approval opened it, which the product delivered: no person of this hospital handed it over.
        await Expect(secretary.Page.Locator("#open-tasks tr[data-step='ethics-recognition'] td[data-column=handed-over-by]"))
            .ToHaveTextAsync("TrialStartup 临床试验启动 · 系统");
        await secretary.AssertAccessibleAsync();
        await secretary.ScreenshotAsync($"participant-recognition-open-zh-{database}");

        // The secretary recognises the lead's approval there, with a signature.
        await secretary.ClickToNavigateAsync(secretary.Page.Locator("#decide-ethics-recognition"), $"**/projects/{alliance}/tasks/ethics-recognition");
        await WorkspacePages.ReadyAsync(secretary.Page);
        await Expect(secretary.Page.Locator("#decision-outcome")).ToContainTextAsync("认可");
        await secretary.Page.Locator("#outcome-recognised").ClickAsync();
        await secretary.Page.Locator("#signature-password").FillAsync(Organisations.DemoSeed.Password);
        await secretary.AssertAccessibleAsync();
        await secretary.ScreenshotAsync($"participant-recognise-zh-{database}");
        await secretary.ClickToNavigateAsync(secretary.Page.Locator("#sign-decision"), $"**/projects/{alliance}");
        await Expect(secretary.Page.Locator(".ts-step[data-step='ethics-recognition']")).ToHaveAttributeAsync("data-state", "done");

        // The sponsor's green channel view: the lead reviewed, the participant recognised.
        await WorkspacePages.OpenAsync(sponsor, $"/trials/{trial}");
        await Expect(sponsor.Page.Locator($"#green-channel tr[data-site='{alliance}']")).ToHaveAttributeAsync("data-ethics-path", "recognition");
        await Expect(sponsor.Page.Locator($"#green-channel tr[data-site='{lead}']")).ToHaveAttributeAsync("data-ethics-path", "own-review");
        await sponsor.AssertAccessibleAsync();
        await sponsor.ScreenshotAsync($"sponsor-green-channel-{database}");
        secretary.AssertNoErrors();
        sponsor.AssertNoErrors();
    }
}
