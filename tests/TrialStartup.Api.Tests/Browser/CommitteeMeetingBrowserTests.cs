namespace TrialStartup.Api.Tests.Browser;

using System.Globalization;
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
using TrialStartup.Workflows.Definitions;
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
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
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
        var meeting = await CommitteeSetup.AddMeetingAsync(secretaryApi, startsAt, capacity: 3);

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

        var decided = await host.WithDbAsync(db => db.ReviewItems.AsNoTracking().Where(i => i.Id == item.Id)
            .Select(i => new { i.Status, i.Outcome, i.OpinionLetterId }).SingleAsync());
        Assert.Equal(("decided", "approve"), (decided.Status, decided.Outcome));
        await Expect(page.Locator($"#letter-{item.Id}")).ToHaveAttributeAsync("href", $"/workspace/site-projects/{project}/documents/{decided.OpinionLetterId}/content");

        // The minutes so far are a draft until the meeting closes; the browser's session reaches them.
        await Expect(page.Locator("#meeting-minutes")).ToHaveTextAsync("Draft minutes so far (PDF)");
        var minutes = await page.APIRequest.GetAsync(await page.Locator("#meeting-minutes").GetAttributeAsync("href") ?? "");
        Assert.Equal(("application/pdf", 200), (minutes.Headers["content-type"], minutes.Status));

        // A letter that could not be made (here: removed from the item) is issued from the meeting's page.
        await host.WithDbAsync(db => db.ReviewItems.Where(i => i.Id == item.Id).ExecuteUpdateAsync(u => u.SetProperty(i => i.OpinionLetterId, (Guid?)null)));
        await page.ReloadAsync();
        await WorkspacePages.ReadyAsync(page);
        await Expect(page.Locator($"#letter-{item.Id}")).ToHaveCountAsync(0);
        await secretary.AssertAccessibleAsync();
        await page.Locator($"#issue-letter-{item.Id}").ClickAsync();
        await Expect(page.Locator($"#letter-{item.Id}")).ToBeVisibleAsync();
        await DismissAsync(page, "The opinion letter is in the project's dossier.");
        Assert.NotEqual(decided.OpinionLetterId, await host.WithDbAsync(db => db.ReviewItems.Where(i => i.Id == item.Id).Select(i => i.OpinionLetterId).SingleAsync()));
        secretary.AssertNoErrors();
    }

    [ChromiumTheory]
    [InlineData("sqlite")]
    public async Task TheSecretary_AddsAMeeting_AndCancelsAnotherWithAReason_SeeingWhereItsItemWent(string database)
    {
        var host = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(host, DemoIds.Shanghai);
        var protocol = await host.WithDbAsync(db => db.SiteProjects.Where(p => p.Id == project)
            .Join(db.Trials, p => p.TrialId, t => t.Id, (p, t) => t.ProtocolNumber).SingleAsync());

        // The meeting to cancel, three days on at 10:00 in Shanghai, with the waiting review on it (placed through the API).
        var today = DateOnly.FromDateTime(host.Services.GetRequiredService<TimeProvider>().GetUtcNow().ToOffset(Beijing).DateTime);
        var doomedAt = new DateTimeOffset(today.AddDays(3).ToDateTime(new TimeOnly(10, 0)), Beijing);
        var secretaryApi = host.ClientFor(DemoIds.Shanghai, AccountRoles.EthicsSecretary);
        var doomed = await CommitteeSetup.AddMeetingAsync(secretaryApi, doomedAt, capacity: 2);
        await CommitteeSetup.PutOnAgendaAsync(secretaryApi, project, doomed);

        await using var secretary = await chromium.OpenAsync(host, GetType(), output);
        await WorkspacePages.SignInAsync(secretary, "ethics-secretary@sh-site.demo");
        var page = secretary.Page;
        await WorkspacePages.OpenAsync(secretary, "/committee/meetings");

        // A meeting four days on at 15:30 in the institution's time, taking items until it starts (its cut-off day is its own).
        var extraDay = today.AddDays(4);
        var extraAt = new DateTimeOffset(extraDay.ToDateTime(new TimeOnly(15, 30)), Beijing);
        await page.Locator("#meeting-day").FillAsync(extraDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.Locator("#meeting-day").PressAsync("Tab");
        await page.Locator("#meeting-time").FillAsync("15:30");
        await page.Locator("#meeting-time").PressAsync("Tab");
        await page.Locator("#meeting-cutoff").FillAsync(extraDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.Locator("#meeting-cutoff").PressAsync("Tab");
        await page.Locator("#meeting-capacity").FillAsync("5");
        await page.Locator("#add-meeting-save").ClickAsync();
        var shownAt = $"{extraAt:d MMM yyyy} 15:30";
        await DismissAsync(page, $"The meeting of {shownAt} is added.");
        var extra = await host.WithDbAsync(db => db.Meetings.AsNoTracking().Where(m => m.StartsAt == extraAt.ToUniversalTime())
            .Select(m => new { m.Id, m.CutoffAt, m.Capacity, m.FromSchedule }).SingleAsync());
        Assert.Equal((extraAt, 5, false), (extra.CutoffAt, extra.Capacity, extra.FromSchedule));
        var extraRow = page.Locator("#meetings tr", new() { Has = page.Locator($"#meeting-open-{extra.Id}") });
        await Expect(extraRow).ToContainTextAsync(shownAt);
        await Expect(extraRow).ToContainTextAsync("0 of 5 places taken");
        await secretary.AssertAccessibleAsync();

        // Cancelling asks why; without a reason it says so at the field, and the meeting stays.
        var doomedRow = page.Locator("#meetings tr", new() { Has = page.Locator($"#meeting-open-{doomed}") });
        await Expect(doomedRow).ToContainTextAsync("1 of 2 places taken");
        await page.Locator($"#meeting-cancel-{doomed}").ClickAsync();
        await Expect(page.Locator("#cancel-what")).ToContainTextAsync($"The meeting of {doomedAt:d MMM yyyy} 10:00 will be cancelled. Its 1 item(s) move");
        await page.Locator("#cancel-confirm").ClickAsync();
        await Expect(page.Locator("#cancel-dialog")).ToContainTextAsync("Say why the meeting is cancelled");
        await secretary.AssertAccessibleAsync();
        await secretary.ScreenshotAsync($"committee-meeting-cancel-dialog-{database}");
        await page.Locator("#cancel-reason").FillAsync("The chair is away: no quorum.");
        await page.Locator("#cancel-confirm").ClickAsync();
        await Expect(page.Locator("#cancel-dialog")).ToHaveCountAsync(0);

        // Its item went to the next meeting that takes items and has room: the one just added.
        var result = page.Locator("#cancel-result");
        await Expect(result).ToContainTextAsync($"The meeting of {doomedAt:d MMM yyyy} 10:00 is cancelled.");
        await Expect(result).ToContainTextAsync($"{protocol} moved to the meeting of {shownAt}.");
        await Expect(doomedRow.Locator("[data-status]")).ToHaveTextAsync("Cancelled");
        await Expect(page.Locator($"#meeting-cancel-{doomed}")).ToHaveCountAsync(0);
        await Expect(doomedRow).ToContainTextAsync("The chair is away: no quorum.");
        await Expect(extraRow).ToContainTextAsync("1 of 5 places taken");
        await secretary.AssertAccessibleAsync();
        await secretary.ScreenshotAsync($"committee-meeting-cancelled-{database}");

        // The cancelled meeting's page names the item that left by its trial, and the meeting it went to by its date.
        await WorkspacePages.OpenAsync(secretary, $"/committee/meetings/{doomed}");
        var movedAway = page.Locator("#moved-away tbody tr");
        await Expect(movedAway).ToHaveCountAsync(1);
        await Expect(movedAway.Locator($"a[href='/projects/{project}']")).ToContainTextAsync(protocol);
        await Expect(movedAway.Locator($"a[href='/committee/meetings/{extra.Id}']")).ToHaveTextAsync($"Moved to the meeting of {shownAt}.");
        // Why it left, in words rather than the stored "meeting of 2026-… cancelled: …".
        await Expect(movedAway.Locator("td[data-column=reason]")).ToHaveTextAsync($"The meeting of {doomedAt:d MMM yyyy} was cancelled: The chair is away: no quorum.");
        await secretary.AssertAccessibleAsync();

        var moved = await host.WithDbAsync(db => db.ReviewItems.AsNoTracking().Where(i => i.SiteProjectId == project).Select(i => i.MeetingId).SingleAsync());
        Assert.Equal(extra.Id, moved);
        var cancelled = await host.WithDbAsync(db => db.Meetings.AsNoTracking().Where(m => m.Id == doomed).Select(m => new { m.Status, m.CancelReason }).SingleAsync());
        Assert.Equal(("cancelled", "The chair is away: no quorum."), (cancelled.Status, cancelled.CancelReason));
        secretary.AssertNoErrors();
    }

    [ChromiumTheory]
    [InlineData("sqlite")]
    public async Task TheSecretary_ChangesTheSchedule_SeeingAProblemAtItsField_ThenTheScheduleInWords(string database)
    {
        var host = hosts.For(database);
        await using var secretary = await chromium.OpenAsync(host, GetType(), output);
        await WorkspacePages.SignInAsync(secretary, "ethics-secretary@sh-site.demo");
        var page = secretary.Page;
        await WorkspacePages.OpenAsync(secretary, "/committee/meetings");
        await Expect(page.Locator("#schedule-words")).ToBeVisibleAsync();

        // The second and fourth Wednesday of each month at 14:00; saved first without a week, which the product refuses.
        await page.Locator("#schedule-edit").ClickAsync();
        await page.GetByLabel("On set weeks of each month").CheckAsync();
        foreach (var week in await page.Locator("#schedule-weeks input[type=checkbox]").AllAsync())
        {
            await week.UncheckAsync();
        }

        await WorkspacePages.ChooseAsync(page, "schedule-weekday", "Wednesday");
        await page.Locator("#schedule-time").FillAsync("14:00");
        await page.Locator("#schedule-time").PressAsync("Tab");
        await page.Locator("#schedule-cutoff").FillAsync("7");
        await page.Locator("#schedule-capacity").FillAsync("10");
        await page.Locator("#schedule-save").ClickAsync();
        await Expect(page.Locator("#schedule-weeks-problem")).ToHaveTextAsync("Tick at least one week of the month.");
        await secretary.AssertAccessibleAsync();
        await secretary.ScreenshotAsync($"committee-schedule-problem-{database}");

        await page.Locator("#schedule-weeks").GetByLabel("2nd").CheckAsync();
        await page.Locator("#schedule-weeks").GetByLabel("4th").CheckAsync();
        await page.Locator("#schedule-save").ClickAsync();
        await DismissAsync(page, "The schedule is saved and its meetings are made.");
        await Expect(page.Locator("#schedule-words")).ToHaveTextAsync(
            "Every 2nd and 4th Wednesday of the month at 14:00, cut-off 7 days before, 10 items per meeting.");
        await Expect(page.Locator("#schedule-save")).ToHaveCountAsync(0);
        await secretary.AssertAccessibleAsync();
        await secretary.ScreenshotAsync($"committee-schedule-{database}");

        // The schedule's meetings are listed: Wednesday 11 March 2026, the second of the month, at 14:00.
        await Expect(page.Locator("#meetings")).ToContainTextAsync("11 Mar 2026 14:00");
        var stored = await host.WithDbAsync(db => db.MeetingSchedules.AsNoTracking().Where(s => s.InstitutionId == DemoSeed.ShanghaiHospital.Id)
            .Select(s => s.Pattern).SingleAsync());
        Assert.Equal(("monthly", "2,4", NodaTime.IsoDayOfWeek.Wednesday), (stored.Frequency, string.Join(',', stored.WeeksOfMonth), stored.Weekday));
        secretary.AssertNoErrors();
    }

    [ChromiumTheory]
    [InlineData("sqlite")]
    public async Task TheContinuingReviews_ListADueReview_WithItsDueDayAndTheInboxColour_LinkingToItsProject(string database)
    {
        var host = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(host, DemoIds.Shanghai);
        await Reviewing.DecideAsync(host, project, DemoIds.Shanghai, Roles.EthicsCommittee, "ethics-review", "approve", "expedited");
        var protocol = await host.WithDbAsync(db => db.SiteProjects.Where(p => p.Id == project)
            .Join(db.Trials, p => p.TrialId, t => t.Id, (p, t) => t.ProtocolNumber).SingleAsync());

        await using var secretary = await chromium.OpenAsync(host, GetType(), output);
        await WorkspacePages.SignInAsync(secretary, "ethics-secretary@sh-site.demo");
        var page = secretary.Page;
        await Expect(page.Locator("nav a[href='/committee/continuing-reviews']")).ToHaveTextAsync("Continuing reviews");
        await WorkspacePages.OpenAsync(secretary, "/committee/continuing-reviews");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Continuing reviews");

        // Approved today, reviewed a year on: upcoming, in the inbox's on-time colour.
        var row = page.Locator("#continuing-reviews tr", new() { Has = page.Locator($"#due-{project}") });
        await Expect(row).ToContainTextAsync(protocol);
        await Expect(row).ToContainTextAsync("Every 12 months");
        await Expect(row).ToContainTextAsync("None yet");
        var approvedOn = DateOnly.FromDateTime(host.Services.GetRequiredService<TimeProvider>().GetUtcNow().ToOffset(Beijing).DateTime);
        await Expect(row).ToContainTextAsync(approvedOn.AddMonths(12).ToString("d MMM yyyy", CultureInfo.GetCultureInfo("en-GB")));
        await Expect(page.Locator($"#due-{project}")).ToHaveAttributeAsync("data-state", "upcoming");
        await Expect(page.Locator($"#due-{project}")).ToHaveClassAsync("ts-days-ok");
        await Expect(page.Locator($"#due-{project}")).ToContainTextAsync("working days left");

        // Due today (its due day set back in the store, as a year passing would): due soon, in the warning colour.
        await host.WithDbAsync(db => db.ContinuingReviewSchedules.Where(s => s.SiteProjectId == project)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.NextDueOn, approvedOn)));
        await WorkspacePages.OpenAsync(secretary, "/committee/continuing-reviews");
        await Expect(page.Locator($"#due-{project}")).ToHaveAttributeAsync("data-state", "due-soon");
        await Expect(page.Locator($"#due-{project}")).ToHaveClassAsync("ts-days-warning");
        await Expect(page.Locator($"#due-{project}")).ToHaveTextAsync("Due today · due soon");
        await secretary.AssertAccessibleAsync();
        await secretary.ScreenshotAsync($"continuing-reviews-{database}");

        await secretary.ClickToNavigateAsync(page.Locator($"#continuing-review-open-{project}"), $"**/projects/{project}");
        await WorkspacePages.ReadyAsync(page);
        secretary.AssertNoErrors();
    }

    [ChromiumTheory]
    [InlineData("sqlite")]
    public async Task TheChair_SendsAReviewToExpeditedReview_TheSecretaryRecordsTwoAgreeingOpinions_AndSignsTheDecision(string database)
    {
        var host = hosts.For(database);
        var project = await Reviewing.InParallelReviewAsync(host, DemoIds.Shanghai);
        string[] reviewers = ["李敏 Li Min", "刘芳 Liu Fang"];
        var members = await host.WithDbAsync(db => db.CommitteeMembers.AsNoTracking()
            .Where(m => m.InstitutionId == DemoSeed.ShanghaiHospital.Id && m.RemovedAt == null).ToDictionaryAsync(m => m.Name, m => m.Id));

        // A member who declared a conflict of interest with the project is listed but cannot be chosen.
        var conflicted = members.First(m => !reviewers.Contains(m.Key));
        var declared = await host.ClientFor(DemoIds.Shanghai, AccountRoles.EthicsSecretary).PostAsJsonAsync(
            $"/api/v1/site-projects/{project}/conflicts-of-interest", new { memberId = conflicted.Value, note = "Consults for the sponsor" });
        Assert.Equal(HttpStatusCode.Created, declared.StatusCode);

        // The chair sends the waiting review to expedited review, naming two members; one alone is not enough.
        await using (var chair = await chromium.OpenAsync(host, GetType(), output))
        {
            await WorkspacePages.SignInAsync(chair, "ethics-chair@sh-site.demo");
            var page = chair.Page;
            await WorkspacePages.OpenAsync(chair, "/committee/meetings");
            await Expect(page.Locator("#expedite-lead")).ToBeVisibleAsync();
            await chair.AssertAccessibleAsync();
            await page.Locator($"#expedite-{project}").ClickAsync();
            var dialog = page.Locator("#expedite-dialog");
            await Expect(dialog).ToContainTextAsync("choose two or more members");
            await Expect(page.Locator($"#reviewer-{conflicted.Value}")).ToBeDisabledAsync();
            await Expect(dialog).ToContainTextAsync($"{conflicted.Key} (");
            await Expect(dialog).ToContainTextAsync("· conflict of interest");
            await page.Locator($"#reviewer-{members[reviewers[0]]}").CheckAsync();
            await page.Locator("#expedite-confirm").ClickAsync();
            await Expect(page.Locator("#expedite-problem")).ToHaveTextAsync("Choose at least two members.");
            await chair.AssertAccessibleAsync();
            await chair.ScreenshotAsync($"committee-expedite-dialog-{database}");
            await page.Locator($"#reviewer-{members[reviewers[1]]}").CheckAsync();
            await page.Locator("#expedite-confirm").ClickAsync();
            await Expect(dialog).ToHaveCountAsync(0);
            await DismissAsync(page, "Sent to expedited review by 李敏 Li Min and 刘芳 Liu Fang.");
            await Expect(page.Locator($"#route-{project}")).ToHaveCountAsync(0);
            await Expect(page.Locator("#expedited-items")).ToContainTextAsync("0 of 2 reviewers have given their opinion.");
            await chair.AssertAccessibleAsync();
            chair.AssertNoErrors();
        }

        var item = await host.WithDbAsync(db => db.ReviewItems.AsNoTracking().Where(i => i.SiteProjectId == project)
            .Select(i => new { i.Id, i.Route, i.Status, i.MeetingId }).SingleAsync());
        Assert.Equal(("expedited", "in-expedited-review", (Guid?)null), (item.Route, item.Status, item.MeetingId));

        // A second review sent to the same two members (through the API), and a meeting later today for it should they disagree
        // (one place, so that it is full once the item is on it: the other tests of this host find their own meetings first).
        var other = await Reviewing.InParallelReviewAsync(host, DemoIds.Shanghai);
        var chairApi = host.ClientFor(DemoIds.Shanghai, AccountRoles.EthicsChair);
        var expedited = await chairApi.PostAsJsonAsync("/api/v1/ethics-committee/items",
            new { siteProjectId = other, stepId = "ethics-review", route = "expedited", reviewerIds = reviewers.Select(r => members[r]).ToArray() });
        Assert.True(expedited.IsSuccessStatusCode, await expedited.Content.ReadAsStringAsync());
        var otherItem = (await expedited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var startsAt = host.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddHours(1);
        await CommitteeSetup.AddMeetingAsync(host.ClientFor(DemoIds.Shanghai, AccountRoles.EthicsSecretary), startsAt, capacity: 1);

        // The secretary records each reviewer's opinion for them; both approve.
        await using var secretary = await chromium.OpenAsync(host, GetType(), output);
        await WorkspacePages.SignInAsync(secretary, "ethics-secretary@sh-site.demo");
        var secretaryPage = secretary.Page;
        await WorkspacePages.OpenAsync(secretary, "/committee/meetings");
        var card = secretaryPage.Locator($"#expedited-{item.Id}");
        await Expect(card).ToHaveAttributeAsync("data-status", "in-expedited-review");
        await Expect(secretaryPage.Locator($"#waiting-{item.Id}")).ToHaveTextAsync("0 of 2 reviewers have given their opinion.");
        await secretary.AssertAccessibleAsync();
        await secretary.ScreenshotAsync($"committee-expedited-waiting-{database}");

        for (var given = 1; given <= reviewers.Length; given++)
        {
            var name = reviewers[given - 1];
            await secretaryPage.Locator($"#record-{item.Id}-{members[name]}").ClickAsync();
            await Expect(secretaryPage.Locator("#opinion-for")).ToContainTextAsync($"Opinion of {name} on ");
            if (given == 1)
            {
                // Saved without an opinion, the form says what it needs.
                await secretaryPage.Locator("#opinion-save").ClickAsync();
                await Expect(secretaryPage.Locator("#opinion-problem")).ToHaveTextAsync("Choose an opinion.");
                await secretary.AssertAccessibleAsync();
                await secretary.ScreenshotAsync($"committee-expedited-opinion-{database}");
            }

            await ChooseExactlyAsync(secretaryPage, "opinion-outcome", "Approve");
            await secretaryPage.Locator("#opinion-comments").FillAsync($"No concerns ({name}).");
            await secretaryPage.Locator("#opinion-save").ClickAsync();
            await Expect(secretaryPage.Locator("#opinion-dialog")).ToHaveCountAsync(0);
            await DismissAsync(secretaryPage, $"The opinion of {name} is recorded.");
            await Expect(card.Locator($"tr[data-reviewer='{name}']")).ToHaveAttributeAsync("data-opinion", "approve");
            await Expect(card.Locator($"tr[data-reviewer='{name}']")).ToContainTextAsync($"No concerns ({name}).");
        }

        // Both agree: the secretary signs the decision with her password.
        await Expect(secretaryPage.Locator($"#agreed-{item.Id}")).ToHaveTextAsync("All reviewers agree: Approve.");
        await secretary.AssertAccessibleAsync();
        await secretary.ScreenshotAsync($"committee-expedited-agreed-{database}");
        await secretaryPage.Locator($"#decide-{item.Id}").ClickAsync();
        await Expect(secretaryPage.Locator("#decide-outcome")).ToHaveTextAsync("The reviewers agree: Approve");
        await Expect(secretaryPage.Locator("#signature-manifestation")).ToContainTextAsync("Approve (Ethics review)");
        await secretary.AssertAccessibleAsync();
        await secretary.ScreenshotAsync($"committee-expedited-sign-{database}");
        await secretaryPage.Locator("#signature-password").FillAsync(DemoSeed.Password);
        await secretaryPage.Locator("#sign-decision").ClickAsync();
        await Expect(secretaryPage.Locator("#decide-dialog")).ToHaveCountAsync(0);
        await DismissAsync(secretaryPage, "The decision was signed and recorded.");
        await Expect(card).ToHaveAttributeAsync("data-status", "decided");
        await Expect(secretaryPage.Locator($"#decided-{item.Id}")).ToContainTextAsync("Approve");

        var decided = await host.WithDbAsync(db => db.ReviewItems.AsNoTracking().Where(i => i.Id == item.Id)
            .Select(i => new { i.Status, i.Outcome, i.OpinionLetterId }).SingleAsync());
        Assert.Equal(("decided", "approve"), (decided.Status, decided.Outcome));
        await Expect(secretaryPage.Locator($"#letter-{item.Id}"))
            .ToHaveAttributeAsync("href", $"/workspace/site-projects/{project}/documents/{decided.OpinionLetterId}/content");
        await secretary.AssertAccessibleAsync();
        await secretary.ScreenshotAsync($"committee-expedited-decided-{database}");

        // The result is still there, with its letter, when the page is opened again.
        await WorkspacePages.OpenAsync(secretary, "/committee/meetings");
        await Expect(card).ToHaveAttributeAsync("data-status", "decided");
        await Expect(secretaryPage.Locator($"#letter-{item.Id}"))
            .ToHaveAttributeAsync("href", $"/workspace/site-projects/{project}/documents/{decided.OpinionLetterId}/content");

        // On the second review they disagree: the item goes to the meeting, and says which.
        string[] opinions = ["Approve", "Disapprove"];
        for (var i = 0; i < reviewers.Length; i++)
        {
            await secretaryPage.Locator($"#record-{otherItem}-{members[reviewers[i]]}").ClickAsync();
            await ChooseExactlyAsync(secretaryPage, "opinion-outcome", opinions[i]);
            await secretaryPage.Locator("#opinion-save").ClickAsync();
            await Expect(secretaryPage.Locator("#opinion-dialog")).ToHaveCountAsync(0);
            if (i == 0)
            {
                await DismissAsync(secretaryPage, $"The opinion of {reviewers[i]} is recorded.");
            }
        }

        // The first meeting with room: this one, or one another test of this host left with room.
        var sentTo = await host.WithDbAsync(db => db.ReviewItems.AsNoTracking().Where(i => i.Id == otherItem)
            .Join(db.Meetings, i => i.MeetingId, m => (Guid?)m.Id, (i, m) => new { i.Status, i.Route, m.StartsAt }).SingleAsync());
        Assert.Equal(("on-agenda", "full-board"), (sentTo.Status, sentTo.Route));
        var meetingAt = sentTo.StartsAt.ToOffset(Beijing).ToString("d MMM yyyy HH:mm", CultureInfo.GetCultureInfo("en-GB"));
        await DismissAsync(secretaryPage, $"The reviewers disagree: the item went to the meeting of {meetingAt}.");
        await Expect(secretaryPage.Locator($"#expedited-{otherItem}")).ToHaveAttributeAsync("data-status", "on-agenda");
        await Expect(secretaryPage.Locator($"#to-meeting-{otherItem}")).ToHaveTextAsync($"The reviewers disagree, so the item went to the meeting of {meetingAt}.");
        await Expect(secretaryPage.Locator($"#to-meeting-open-{otherItem}")).ToBeVisibleAsync();
        await secretary.AssertAccessibleAsync();
        await secretary.ScreenshotAsync($"committee-expedited-to-meeting-{database}");
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
