namespace TrialStartup.Api.Tests.Deadlines;

using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Messaging;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Data.Deadlines;
using TrialStartup.Messaging.Timers;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Api.Tests.TestServers;

/// <summary>
/// Turnaround deadlines on the host's clock (a <see cref="ManualClock"/>): computed in working days of the institution's
/// calendar, stopped while the sponsor holds the work, fired by the timer jobs only when due and only once.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DeadlineTimerTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Deadlines_AcrossLabourDayAndItsMakeUpSaturday_CountOnlyWorkingDays(string database)
    {
        await using var api = new ClockedApiFactory(database, At(2026, 4, 30, 10));
        var project = await Journey.SubmittedSingleSiteAsync(api, DemoIds.Shanghai);

        // Intake, 3 working days from Thursday 30 April: 1–5 May are the Labour Day holiday, so 6, 7 and 8 May count.
        var intake = await DeadlinesAsync(api, project, "intake");
        Assert.Equal(At(2026, 5, 8, 0), intake["warning"].DueAt);
        Assert.Equal(At(2026, 5, 9, 0), intake["breach"].DueAt);

        // Approval, 5 working days from Thursday 7 May: Saturday 9 May is a make-up working day and counts.
        api.Clock.Advance(At(2026, 5, 7, 10) - api.Clock.GetUtcNow());
        await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.SiteOffice, "intake", "complete");
        var approval = await DeadlinesAsync(api, project, "institutional-approval");
        Assert.Equal(At(2026, 5, 13, 0), approval["warning"].DueAt); // 8, 9 (Sat, make-up), 11, 12
        Assert.Equal(At(2026, 5, 14, 0), approval["breach"].DueAt); // … and 13
        Assert.Equal("cn-mainland", approval["breach"].CalendarId);
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Deadline_WhileTheSponsorHoldsAChangeRequest_StopsAndResumesWithTheRemainingWorkingDays(string database)
    {
        await using var api = new ClockedApiFactory(database, At(2026, 3, 2, 10));
        var project = await Journey.SubmittedSingleSiteAsync(api, DemoIds.Shanghai);
        api.Clock.Advance(TimeSpan.FromDays(1)); // one working day used (Tuesday)
        await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.SiteOffice, "intake", "incomplete");
        Assert.All(await AllDeadlinesAsync(api, project), d => Assert.Equal(DeadlineStates.Cancelled, d.State));

        api.Clock.Advance(TimeSpan.FromDays(6)); // the sponsor holds it until Monday 9 March: not the site's time
        await Reviewing.ResubmitAsync(api, project, DemoIds.Shanghai, "intake", "current protocol version attached");

        var resumed = await DeadlinesAsync(api, project, "intake");
        Assert.Equal(At(2026, 3, 11, 0), resumed["warning"].DueAt); // 2 of 3 days to warn, 1 left: Tuesday 10 March
        Assert.Equal(At(2026, 3, 12, 0), resumed["breach"].DueAt); // 2 days left: 10 and 11 March
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task Step_CompletedJustBeforeItsDeadline_IsNeverBreached(string database)
    {
        await using var api = new ClockedApiFactory(database, At(2026, 3, 2, 10));
        var project = await Journey.SubmittedSingleSiteAsync(api, DemoIds.Shanghai);
        var breach = (await DeadlinesAsync(api, project, "intake"))["breach"];
        var jobs = api.Services.GetRequiredService<DeadlineJobs>();
        var firing = api.Services.GetRequiredService<DeadlineFiring>();
        api.Clock.Advance(breach.DueAt - api.Clock.GetUtcNow() - TimeSpan.FromMinutes(1));
        await firing.FireAllDueAsync(default); // the warning, due a day earlier
        await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.SiteOffice, "intake", "complete");

        api.Clock.Advance(TimeSpan.FromHours(2));
        await jobs.FireDueAsync(breach.DueAt, 0, default); // the breach's instant job, late
        var swept = await firing.FireAllDueAsync(default);

        Assert.Equal(0, swept);
        var intake = (await AllDeadlinesAsync(api, project)).Where(d => d.StepId == "intake").ToDictionary(d => d.Kind);
        Assert.Equal((DeadlineStates.Fired, DeadlineStates.Cancelled), (intake["warning"].State, intake["breach"].State));
        Assert.DoesNotContain(TimersFired(await Journey.DetailAsync(api, project, DemoIds.Shanghai)), t => t.Kind == "breach");
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task WarningThenBreach_FireWhenDueOnceEachWhateverRunsThem(string database)
    {
        await using var api = new ClockedApiFactory(database, At(2026, 3, 2, 10));
        var project = await Journey.SubmittedSingleSiteAsync(api, DemoIds.Shanghai);
        var intake = await DeadlinesAsync(api, project, "intake");
        var (warning, breach) = (intake["warning"], intake["breach"]);
        var jobs = api.Services.GetRequiredService<DeadlineJobs>();
        var firing = api.Services.GetRequiredService<DeadlineFiring>();

        await jobs.FireDueAsync(warning.DueAt, 0, default); // early (clock skew): not yet
        Assert.Empty(TimersFired(await Journey.DetailAsync(api, project, DemoIds.Shanghai)));

        api.Clock.Advance(warning.DueAt - api.Clock.GetUtcNow() + TimeSpan.FromMinutes(5));
        await Task.WhenAll(jobs.FireDueAsync(warning.DueAt, 0, default), firing.FireAllDueAsync(default),
            jobs.FireDueAsync(warning.DueAt, 0, default), jobs.FireAsync(warning.WorkflowInstanceId, warning.TimerId, default)); // the instant's job, the sweep, a duplicate and an earlier version's per-deadline job at once
        var afterWarning = await DeadlinesAsync(api, project, "intake");
        Assert.Equal((DeadlineStates.Fired, DeadlineStates.Armed), (afterWarning["warning"].State, afterWarning["breach"].State));
        Assert.Equal(["warning"], TimersFired(await Journey.DetailAsync(api, project, DemoIds.Shanghai)).Select(t => t.Kind));

        api.Clock.Advance(breach.DueAt - api.Clock.GetUtcNow() + TimeSpan.FromMinutes(5));
        await jobs.FireDueAsync(breach.DueAt, 0, default);
        await jobs.FireDueAsync(breach.DueAt, 0, default);

        var fired = TimersFired(await Journey.DetailAsync(api, project, DemoIds.Shanghai));
        Assert.Equal(["warning", "breach"], fired.Select(t => t.Kind));
        var audit = await Reviewing.AuditOfAsync(api, project, DemoIds.Shanghai);
        // Every attempt is audited; the ones that lost to the first are repeats of the same command.
        Assert.Equal(2, audit.Where(e => e.Str("action") == DeadlineFiring.Action).Select(e => e.Str("commandId")).Distinct().Count());
    }

    [Fact]
    public async Task TimerDashboard_IsForAdministratorsOnly()
    {
        await using var api = new ClockedApiFactory("sqlite", At(2026, 3, 2, 10));
        var dashboard = new Uri("/hangfire", UriKind.Relative);

        // A browser with neither a token nor a session is sent to the sign-in page, which brings it back here.
        var anonymous = await Identity.BrowserSignInTests.Browser(api).GetAsync(dashboard);
        var reviewer = await api.ClientFor(DemoIds.Shanghai, Roles.OfficeHead).GetAsync(dashboard);
        var organisationAdministrator = await api.ClientFor(DemoIds.Shanghai, Data.Accounts.AccountRoles.OrganisationAdministrator).GetAsync(dashboard);
        var administrator = await api.ClientWithToken(api.TokenFor("platform", "platform", Guid.Empty, Data.Accounts.AccountRoles.PlatformAdministrator))
            .GetAsync(dashboard);

        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        var signIn = anonymous.Headers.Location!;
        var signInPath = signIn.IsAbsoluteUri ? signIn.AbsolutePath : signIn.OriginalString.Split('?')[0];
        Assert.Equal("/account/login", signInPath);
        Assert.Contains("ReturnUrl=%2Fhangfire", signIn.OriginalString, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Forbidden, reviewer.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, organisationAdministrator.StatusCode); // a hospital's administrator is not the platform's
        Assert.Equal(HttpStatusCode.OK, administrator.StatusCode);
        Assert.Contains("Hangfire", await administrator.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Signed in through the sign-in page (the cookie, no token): the platform administrator sees it, a hospital's does not.
        var platformBrowser = Identity.BrowserSignInTests.Browser(api);
        var platformSignIn = await Identity.BrowserSignInTests.SignInAsync(platformBrowser, Organisations.DemoSeed.PlatformAdministratorEmail,
            Organisations.DemoSeed.Password, "/hangfire");
        Assert.Equal(HttpStatusCode.Redirect, platformSignIn.StatusCode);
        Assert.Equal("/hangfire", platformSignIn.Headers.Location?.OriginalString);
        var platformPage = await platformBrowser.GetAsync(dashboard);
        Assert.Equal(HttpStatusCode.OK, platformPage.StatusCode);
        Assert.Contains("Hangfire", await platformPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var hospitalBrowser = Identity.BrowserSignInTests.Browser(api);
        var hospitalSignIn = await Identity.BrowserSignInTests.SignInAsync(hospitalBrowser, "admin@sh-site.demo", Organisations.DemoSeed.Password, "/hangfire");
        Assert.Equal(HttpStatusCode.Redirect, hospitalSignIn.StatusCode);
        var hospitalPage = await hospitalBrowser.GetAsync(dashboard);
        Assert.True(hospitalPage.StatusCode == HttpStatusCode.Forbidden,
            $"src bug: a signed-in browser that is not the platform's administrator must get 403 at /hangfire, got {(int)hospitalPage.StatusCode} "
            + $"to {hospitalPage.Headers.Location} (the SignIn cookie scheme's forbid redirects to its AccessDeniedPath, a page that does not exist; "
            + "AuthenticationSetup.AddBrowserSession should answer 403 in Events.OnRedirectToAccessDenied)");
    }

    private static DateTimeOffset At(int year, int month, int day, int hour) => new(year, month, day, hour, 0, 0, Beijing);

    private static Task<List<DeadlineRow>> AllDeadlinesAsync(ApiFactory api, Guid project) =>
        api.WithDbAsync(db => db.Deadlines.AsNoTracking().Where(d => d.SiteProjectId == project).ToListAsync());

    // The live (armed or fired) deadlines of a step's latest arming, by kind.
    private static async Task<Dictionary<string, DeadlineRow>> DeadlinesAsync(ApiFactory api, Guid project, string step) =>
        (await AllDeadlinesAsync(api, project)).Where(d => d.StepId == step && d.State != DeadlineStates.Cancelled)
            .ToDictionary(d => d.Kind);

    private static List<(string Kind, string TimerId)> TimersFired(JsonElement detail) =>
    [
        .. detail.GetProperty("history").EnumerateArray().Where(h => h.Str("type") == "timer-fired")
            .Select(h => (h.GetProperty("event").Str("kind"), h.GetProperty("event").Str("timerId"))),
    ];
}
