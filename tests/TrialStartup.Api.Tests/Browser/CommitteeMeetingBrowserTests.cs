namespace TrialStartup.Api.Tests.Browser;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Data.Accounts;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

/// <summary>
/// The ethics committee's meeting day on the committee meetings page: the demo secretary of Shanghai puts a waiting
/// ethics review on the meeting added through the API (the first with room), opens the meeting, marks members present
/// until the item's quorum line says it is met (five of the eight, one from outside the institution and one
/// non-scientist among them), records the members' votes until they carry approval, and records the signed decision
/// with her password.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CommitteeMeetingBrowserTests(ChromiumFixture chromium, BrowserHosts hosts, ITestOutputHelper output)
{
    private static readonly string[] Present = ["王建国 Wang Jianguo", "李敏 Li Min", "张伟 Zhang Wei", "刘芳 Liu Fang", "陈静 Chen Jing"];

    [ChromiumTheory]
    [InlineData("sqlite")]
    public async Task TheSecretary_PutsAReviewOnTheMeeting_MarksMembersPresentUntilTheQuorumIsMet_AndRecordsTheDecision(string database)
    {
        var host = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(host, DemoIds.Shanghai);

        // A meeting later today (the host's clock), taking items until it starts.
        var secretaryApi = host.ClientFor(DemoIds.Shanghai, AccountRoles.EthicsSecretary);
        var startsAt = host.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddHours(1);
        var added = await secretaryApi.PostAsJsonAsync("/api/v1/ethics-committee/meetings", new { startsAt, cutoffAt = startsAt, capacity = 3 });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var meeting = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        await using var secretary = await chromium.OpenAsync(host, GetType(), output);
        await WorkspacePages.SignInAsync(secretary, "ethics-secretary@sh-site.demo");
        var page = secretary.Page;
        await Expect(page.Locator("nav a[href='/committee/meetings']")).ToHaveTextAsync("Committee meetings");
        await WorkspacePages.OpenAsync(secretary, "/committee/meetings");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Committee meetings");

        // The waiting review goes on the first meeting with room: this one.
        await page.Locator($"#route-{project}").ClickAsync();
        await Expect(page.Locator($"#route-{project}")).ToHaveCountAsync(0);
        await DismissAsync(page, "Put on the meeting of 2 Mar 2026");
        var row = page.Locator("#meetings tr", new() { Has = page.Locator($"#meeting-open-{meeting}") });
        await Expect(row).ToContainTextAsync("1 of 3 places taken");
        await Expect(row.Locator("[data-status]")).ToHaveTextAsync("Planned");

        // The what-if replays the year's full-board submissions (this one among them) under a weekly schedule.
        await page.Locator("#whatif-run").ClickAsync();
        await Expect(page.Locator("#whatif-summary")).ToContainTextAsync("full-board submissions replayed");
        await Expect(page.Locator("#whatif-result")).ToContainTextAsync("Proposed schedule");
        await Expect(page.Locator("#whatif-chart")).ToBeVisibleAsync(); // the same figures, drawn
        await secretary.AssertAccessibleAsync();
        var item = await host.WithDbAsync(db => db.ReviewItems.AsNoTracking().Where(i => i.SiteProjectId == project).Select(i => new { i.Id, i.MeetingId }).SingleAsync());
        Assert.Equal(meeting, item.MeetingId);

        // The meeting opens on its day; each member marked present counts towards the item's quorum.
        await page.Locator($"#meeting-open-{meeting}").ClickAsync();
        await WorkspacePages.ReadyAsync(page);
        await Expect(page.Locator("h1")).ToContainTextAsync("Committee meeting of");
        await page.Locator("#meeting-open").ClickAsync();
        await Expect(page.Locator("#meeting-status")).ToHaveAttributeAsync("data-status", "open");
        var quorum = page.Locator($"#quorum-{item.Id}");
        await Expect(quorum).ToHaveAttributeAsync("data-quorum", "missing");
        await Expect(quorum).ToContainTextAsync("0 of 8 members present without a conflict of interest; 5 are needed.");
        foreach (var name in Present)
        {
            var member = page.Locator($"#attendance tr[data-member='{name}']");
            await member.Locator("input[type=checkbox]").ClickAsync();
            await Expect(member).ToHaveAttributeAsync("data-present", "true");
        }

        await Expect(quorum).ToHaveAttributeAsync("data-quorum", "met");
        await Expect(quorum).ToHaveTextAsync("Quorum: Met: 5 of 8 members present without a conflict of interest.");
        await Expect(page.Locator($"#decide-{item.Id}")).ToBeDisabledAsync();
        await secretary.AssertAccessibleAsync();
        await secretary.ScreenshotAsync($"committee-meeting-quorum-{database}");

        // The secretary records each member's vote as it is cast; five of eight approving carry approval.
        var members = await host.WithDbAsync(db => db.CommitteeMembers.AsNoTracking()
            .Where(m => m.InstitutionId == DemoSeed.ShanghaiHospital.Id && m.RemovedAt == null).ToDictionaryAsync(m => m.Name, m => m.Id));
        var count = page.Locator($"#count-{item.Id}");
        for (var cast = 1; cast <= Present.Length; cast++)
        {
            await ChooseExactlyAsync(page, $"vote-{item.Id}-{members[Present[cast - 1]]}", "Approve");
            await Expect(count).ToContainTextAsync($"Approve: {cast}");
        }

        await Expect(count).ToHaveAttributeAsync("data-carries", "approve");
        await Expect(count).ToContainTextAsync("Carries Approve");
        await Expect(page.Locator($"#decide-{item.Id}")).ToBeEnabledAsync();
        await page.Locator($"#decide-{item.Id}").ClickAsync();
        await Expect(page.Locator("#decide-outcome")).ToHaveTextAsync("The meeting's vote carries: Approve");
        await Expect(page.Locator("#signature-manifestation")).ToContainTextAsync("Approve (Ethics review)");
        await page.Locator("#signature-password").FillAsync(DemoSeed.Password);
        await page.Locator("#sign-decision").ClickAsync();
        await Expect(page.Locator($"#decided-{item.Id}")).ToContainTextAsync("Approve");
        await Expect(page.Locator("#decide-dialog")).ToHaveCountAsync(0);
        await DismissAsync(page, "The decision was signed and recorded.");
        await secretary.AssertAccessibleAsync();
        await secretary.ScreenshotAsync($"committee-meeting-decided-{database}");

        var decided = await host.WithDbAsync(db => db.ReviewItems.AsNoTracking().Where(i => i.Id == item.Id).Select(i => new { i.Status, i.Outcome }).SingleAsync());
        Assert.Equal(("decided", "approve"), (decided.Status, decided.Outcome));
        secretary.AssertNoErrors();
    }

    // Reads the snackbar and closes it (one fading in fails axe's contrast rule).
    private static async Task DismissAsync(IPage page, string text)
    {
        var snackbar = page.Locator(".mud-snackbar");
        await Expect(snackbar).ToContainTextAsync(text);
        await snackbar.Locator("button").ClickAsync();
        await Expect(snackbar).ToHaveCountAsync(0);
    }

    // Picks the option whose whole text is option ("Approve", not "Approve after necessary modifications").
    private static async Task ChooseExactlyAsync(IPage page, string selectId, string option)
    {
        await page.Locator($"#{selectId}").Locator("xpath=ancestor::div[contains(@class,'mud-select')][1]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new Regex($"^\\s*{Regex.Escape(option)}\\s*$") }).ClickAsync();
        await Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
    }
}
