namespace TrialStartup.Api.Tests.Browser;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Data.Committees;
using TrialStartup.Workflows.Definitions;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

/// <summary>
/// The secretary records a continuing review (跟踪审查) from the committee's list: a day the review could not have been
/// held is refused at its field, and a review held is recorded with a shorter interval, the next due day following.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ContinuingReviewBrowserTests(ChromiumFixture chromium, BrowserHosts hosts, ITestOutputHelper output)
{
    [ChromiumTheory]
    [InlineData("sqlite")]
    public async Task TheSecretary_RecordsAReviewHeld_WithAShorterInterval_AndTheNextDueDayFollows(string database)
    {
        var host = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(host, DemoIds.Shanghai);
        await Reviewing.DecideAsync(host, project, DemoIds.Shanghai, Roles.EthicsCommittee, "ethics-review", "approve", "expedited");

        await using var secretary = await chromium.OpenAsync(host, GetType(), output);
        await WorkspacePages.SignInAsync(secretary, "ethics-secretary@sh-site.demo");
        var page = secretary.Page;
        await WorkspacePages.OpenAsync(secretary, "/committee/continuing-reviews");

        // Approved today: a review "held" today is not after the approval, and the dialog says so at the day's field.
        await page.Locator($"#continuing-review-record-{project}").ClickAsync();
        await Expect(page.Locator("#record-dialog")).ToBeVisibleAsync();
        await page.Locator("#record-save").ClickAsync();
        await Expect(page.Locator("#record-dialog")).ToContainTextAsync("after the approval, and not after today");
        await secretary.AssertAccessibleAsync();
        await secretary.ScreenshotAsync($"continuing-review-refused-{database}");
        Assert.Equal(0, await host.WithDbAsync(db => db.ContinuingReviews.CountAsync(r => r.SiteProjectId == project)));
        await page.Locator("#record-cancel").ClickAsync();
        await Expect(page.Locator("#record-dialog")).ToHaveCountAsync(0);

        // Approved 300 days ago (set back in the store, as time passing would): held today, every 6 months from now on.
        var today = await host.WithDbAsync(db => db.ContinuingReviewSchedules.Where(s => s.SiteProjectId == project).Select(s => s.ApprovedOn).SingleAsync());
        await host.WithDbAsync(db => db.ContinuingReviewSchedules.Where(s => s.SiteProjectId == project)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ApprovedOn, today.AddDays(-300)).SetProperty(x => x.NextDueOn, today.AddDays(65))));
        await WorkspacePages.OpenAsync(secretary, "/committee/continuing-reviews");
        await page.Locator($"#continuing-review-record-{project}").ClickAsync();
        await page.Locator("#record-interval").FillAsync("6");
        await page.Locator("#record-note").FillAsync("进展报告已审阅，无新的风险");
        await secretary.AssertAccessibleAsync();
        await page.Locator("#record-save").ClickAsync();
        await Expect(page.Locator("#record-dialog")).ToHaveCountAsync(0);
        var nextDue = today.AddMonths(6);
        await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync($"The next one is due on {nextDue:d MMM yyyy}");
        var row = page.Locator("#continuing-reviews tr", new() { Has = page.Locator($"#due-{project}") });
        await Expect(row).ToContainTextAsync("Every 6 months");
        await secretary.ScreenshotAsync($"continuing-review-recorded-{database}");

        var schedule = await host.WithDbAsync(db => db.ContinuingReviewSchedules.AsNoTracking().SingleAsync(s => s.SiteProjectId == project));
        Assert.Equal((6, 1, today, nextDue), (schedule.IntervalMonths, schedule.ReviewsRecorded, schedule.LastReviewedOn, schedule.NextDueOn));
        var review = await host.WithDbAsync(db => db.ContinuingReviews.AsNoTracking().SingleAsync(r => r.SiteProjectId == project));
        Assert.Equal(ContinuingReviewOutcome.Continue, review.Outcome);
        secretary.AssertNoErrors();
    }
}
