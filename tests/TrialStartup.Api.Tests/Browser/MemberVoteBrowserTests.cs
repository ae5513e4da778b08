namespace TrialStartup.Api.Tests.Browser;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Data.Accounts;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

/// <summary>
/// A committee member whose account is hers (the demo's 周婷 Zhou Ting, signed in as the demo ethics member) casts her
/// own vote on an item at the open meeting from her screen, and sees no other member's vote to cast.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MemberVoteBrowserTests(ChromiumFixture chromium, BrowserHosts hosts, ITestOutputHelper output)
{
    [ChromiumTheory]
    [InlineData("sqlite")]
    public async Task AMemberWithAnAccount_CastsHerOwnVote_AtTheOpenMeeting_AndNoOneElses(string database)
    {
        var host = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(host, DemoIds.Shanghai);
        var secretaryApi = host.ClientFor(DemoIds.Shanghai, AccountRoles.EthicsSecretary);

        // A meeting later today with the review on it, opened, and the member marked present (the secretary's work).
        var startsAt = host.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddHours(2).AddMinutes(17);
        var meeting = await CommitteeSetup.AddMeetingAsync(secretaryApi, startsAt, capacity: 3);
        var item = await CommitteeSetup.PutOnAgendaAsync(secretaryApi, project, meeting);
        await CommitteeSetup.OpenAsync(secretaryApi, meeting);
        var zhou = await host.WithDbAsync(db => db.CommitteeMembers.AsNoTracking()
            .Where(m => m.InstitutionId == DemoSeed.ShanghaiHospital.Id && m.Name == DemoSeed.MemberWithAccount && m.RemovedAt == null)
            .Select(m => new { m.Id, m.AccountId }).SingleAsync());
        Assert.NotNull(zhou.AccountId);
        Assert.Equal(HttpStatusCode.OK, (await secretaryApi.PutAsJsonAsync($"{CommitteeSetup.Meetings}/{meeting}/attendance/{zhou.Id}", new { present = true })).StatusCode);

        await using var member = await chromium.OpenAsync(host, GetType(), output);
        await WorkspacePages.SignInAsync(member, "ethics-member@sh-site.demo");
        var page = member.Page;
        await WorkspacePages.OpenAsync(member, $"/committee/meetings/{meeting}");
        await Expect(page.Locator($"#votes-{item}")).ToBeVisibleAsync();
        await Expect(page.Locator($"#votes-{item} [id^='vote-{item}-']")).ToHaveCountAsync(1);
        await Expect(page.Locator($"#vote-{item}-{zhou.Id}")).ToBeVisibleAsync();
        await member.AssertAccessibleAsync();

        await page.Locator($"#vote-{item}-{zhou.Id}").Locator("xpath=ancestor::div[contains(@class,'mud-select')][1]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new Regex(@"^\s*Approve\s*$") }).ClickAsync();
        await Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
        await Expect(page.Locator($"#count-{item}")).ToContainTextAsync("Approve: 1");
        await member.AssertAccessibleAsync();
        await member.ScreenshotAsync($"member-own-vote-{database}");

        var vote = await host.WithDbAsync(db => db.MeetingVotes.AsNoTracking().SingleAsync(v => v.ItemId == item));
        Assert.Equal((zhou.Id, "approve"), (vote.MemberId, vote.Outcome));
        member.AssertNoErrors();
    }
}
