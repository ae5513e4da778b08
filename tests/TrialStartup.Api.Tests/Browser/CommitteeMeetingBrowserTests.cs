namespace TrialStartup.Api.Tests.Browser;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
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
/// non-scientist among them), and, once the votes carry approval, records the signed decision with her password.
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
        var row = page.Locator("#meetings tr", new() { Has = page.Locator($"#meeting-open-{meeting}") });
        await Expect(row).ToContainTextAsync("1 of 3 places taken");
        await Expect(row.Locator("[data-status]")).ToHaveTextAsync("Planned");
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

        // The votes, recorded for the members as they are cast, carry approval; the secretary signs the decision.
        var members = await host.WithDbAsync(db => db.CommitteeMembers.AsNoTracking()
            .Where(m => m.InstitutionId == DemoSeed.ShanghaiHospital.Id && m.RemovedAt == null).ToDictionaryAsync(m => m.Name, m => m.Id));
        foreach (var name in Present)
        {
            var vote = await secretaryApi.PutAsJsonAsync($"/api/v1/ethics-committee/items/{item.Id}/votes/{members[name]}", new { outcome = "approve" });
            Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
        }

        await WorkspacePages.OpenAsync(secretary, $"/committee/meetings/{meeting}");
        await Expect(page.Locator($"#count-{item.Id}")).ToHaveAttributeAsync("data-carries", "approve");
        await Expect(page.Locator($"#count-{item.Id}")).ToContainTextAsync("Carries Approve");
        await page.Locator($"#decide-{item.Id}").ClickAsync();
        await Expect(page.Locator("#decide-outcome")).ToHaveTextAsync("The meeting's vote carries: Approve");
        await Expect(page.Locator("#signature-manifestation")).ToContainTextAsync("Approve (Ethics review)");
        await page.Locator("#signature-password").FillAsync(DemoSeed.Password);
        await page.Locator("#sign-decision").ClickAsync();
        await Expect(page.Locator($"#decided-{item.Id}")).ToContainTextAsync("Approve");
        await Expect(page.Locator("#decide-dialog")).ToHaveCountAsync(0);
        await secretary.AssertAccessibleAsync();
        await secretary.ScreenshotAsync($"committee-meeting-decided-{database}");

        var decided = await host.WithDbAsync(db => db.ReviewItems.AsNoTracking().Where(i => i.Id == item.Id).Select(i => new { i.Status, i.Outcome }).SingleAsync());
        Assert.Equal(("decided", "approve"), (decided.Status, decided.Outcome));
        secretary.AssertNoErrors();
    }
}
