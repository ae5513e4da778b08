namespace TrialStartup.Api.Tests.Browser;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Messaging;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Data.Accounts;
using TrialStartup.Workflows.Definitions;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

/// <summary>
/// Joint review (联合审查) in the browser: the lead site's secretary invites the participating site's committee to
/// observe the meeting from the meeting's page; once the lead's meeting approves the trial, the participating site's
/// secretary sees the result among the joint reviews and recognises it, signed with her password.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class JointReviewBrowserTests(ChromiumFixture chromium, BrowserHosts hosts, ITestOutputHelper output)
{
    [ChromiumTheory]
    [InlineData("sqlite")]
    public async Task TheLeadInvitesTheSiteToObserve_AndTheSiteRecognisesTheApprovalCitingTheMeeting(string database)
    {
        var host = hosts.For(database);
        var trial = await Journey.CreateTrialAsync(host, multiCenter: true);
        var lead = await Journey.SubmittedSiteAsync(host, trial, DemoIds.Lead);
        var alliance = await Journey.SubmittedSiteAsync(host, trial, DemoIds.Alliance);
        await Reviewing.DecideAsync(host, alliance, DemoIds.Alliance, Roles.SiteOffice, "intake", "complete");
        await Reviewing.DecideAsync(host, lead, DemoIds.Lead, Roles.SiteOffice, "intake", "complete");
        var leadApi = host.ClientFor(DemoIds.Lead, AccountRoles.EthicsSecretary);
        var startsAt = host.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddHours(3).AddMinutes(23);
        var meeting = await CommitteeSetup.AddMeetingAsync(leadApi, startsAt, capacity: 3);
        var item = await CommitteeSetup.PutOnAgendaAsync(leadApi, lead, meeting);

        // The lead's secretary ticks the participating site on the meeting's page.
        await using var leadSecretary = await chromium.OpenAsync(host, GetType(), output);
        await WorkspacePages.SignInAsync(leadSecretary, "ethics-secretary@bj-lead.demo");
        var page = leadSecretary.Page;
        await WorkspacePages.OpenAsync(leadSecretary, $"/committee/meetings/{meeting}");
        var observer = page.Locator($"#observer-{DemoSeed.AllianceHospital.Id}");
        await Expect(observer).ToBeVisibleAsync();
        await observer.ClickAsync();
        await Expect(observer).ToBeCheckedAsync();
        await page.Locator("#observers-save").ClickAsync();
        await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("1 sites invited to observe.");
        await leadSecretary.AssertAccessibleAsync();
        await leadSecretary.ScreenshotAsync($"joint-review-observers-{database}");
        Assert.True(await host.WithDbAsync(db => db.MeetingObservers.AnyAsync(o => o.MeetingId == meeting && o.InstitutionId == DemoSeed.AllianceHospital.Id)));

        // The meeting approves the trial (as the meeting-day test does in the browser).
        await CommitteeSetup.OpenAsync(leadApi, meeting);
        var members = await host.WithDbAsync(db => db.CommitteeMembers.Where(m => m.InstitutionId == DemoSeed.LeadHospital.Id && m.RemovedAt == null)
            .OrderBy(m => m.Name).Select(m => m.Id).ToListAsync());
        foreach (var member in members.Take(6))
        {
            Assert.Equal(HttpStatusCode.OK, (await leadApi.PutAsJsonAsync($"{CommitteeSetup.Meetings}/{meeting}/attendance/{member}", new { present = true })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await leadApi.PutAsJsonAsync($"/api/v1/ethics-committee/items/{item}/votes/{member}", new { outcome = "approve" })).StatusCode);
        }

        var decided = await leadApi.PostAsJsonAsync($"/api/v1/ethics-committee/items/{item}/decision",
            new { signature = new { meaning = "decided as recorded by the committee's vote", password = ApiFactory.TestPassword } });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        await GreenChannelTests.OpenTaskAsync(host, alliance, DemoIds.Alliance, "ethics-recognition");

        // The participating site's secretary finds the joint review and recognises it.
        await using var siteSecretary = await chromium.OpenAsync(host, GetType(), output);
        await WorkspacePages.SignInAsync(siteSecretary, "ethics-secretary@bj-alliance.demo");
        var sitePage = siteSecretary.Page;
        await Expect(sitePage.Locator("nav a[href='/committee/joint-reviews']")).ToHaveTextAsync("Joint reviews");
        await WorkspacePages.OpenAsync(siteSecretary, "/committee/joint-reviews");
        var row = sitePage.Locator($"#joint-review-{meeting} tr[data-trial='{trial}']");
        await Expect(row).ToContainTextAsync("Approve");
        await siteSecretary.AssertAccessibleAsync();
        await sitePage.Locator($"#recognise-{alliance}").ClickAsync();
        await Expect(sitePage.Locator("#recognise-dialog")).ToContainTextAsync("cites the joint review");
        await sitePage.Locator("#signature-password").FillAsync(DemoSeed.Password);
        await siteSecretary.AssertAccessibleAsync();
        await siteSecretary.ScreenshotAsync($"joint-review-recognise-{database}");
        await sitePage.Locator("#sign-recognition").ClickAsync();
        await Expect(sitePage.Locator("#recognise-dialog")).ToHaveCountAsync(0);
        await Expect(sitePage.Locator(".mud-snackbar")).ToContainTextAsync("The recognition was signed and recorded.");

        var recorded = await host.WithDbAsync(db => db.Decisions.AsNoTracking().SingleAsync(d => d.SiteProjectId == alliance && d.StepId == "ethics-recognition"));
        Assert.Equal("recognised", recorded.Outcome);
        Assert.Contains("联合审查", recorded.Reason, StringComparison.Ordinal);
        leadSecretary.AssertNoErrors();
        siteSecretary.AssertNoErrors();
    }
}
