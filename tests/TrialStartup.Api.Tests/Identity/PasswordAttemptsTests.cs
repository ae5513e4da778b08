namespace TrialStartup.Api.Tests.Identity;

using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Tests.Browser;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Data.Accounts;
using TrialStartup.Workflows.Definitions;
using static TrialStartup.Api.Tests.Identity.Accounts.AccountSteps;

/// <summary>
/// The stricter limit on password checks, on real sockets (the client's address counts): an account's checks a minute,
/// at signing and at sign-in together, and an address's whichever accounts it tries. A refused check checks nothing:
/// it is neither audited as an attempt nor counted towards the lockout.
/// </summary>
public sealed class PasswordAttemptsTests
{
    [Fact]
    public async Task SigningOverTheAccountsLimit_Is429WithRetryAfter_AndNeitherAuditedNorCountedTowardsTheLockout()
    {
        using var api = KestrelApiFactory.Start("sqlite", new Dictionary<string, string>
        {
            ["TrialStartup:RateLimits:PasswordChecksPerAccountPerMinute"] = "3",
        });
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
        var committee = api.ClientFor(DemoIds.Shanghai, Roles.EthicsCommittee);
        var version = await Reviewing.VersionAsync(api, project, DemoIds.Shanghai);

        for (var i = 0; i < 2; i++)
        {
            var wrong = await committee.PostAsJsonAsync(Reviewing.DecisionsOf(project),
                Reviewing.Body("ethics-review", "approve", version, reviewType: "expedited", password: "Not-The-Password-1"));
            await Expect.ProblemAsync(wrong, HttpStatusCode.Forbidden, "reauthentication-failed");
        }

        // The token behind the committee's client was the account's first check this minute: the limit is reached.
        var throttled = await committee.PostAsJsonAsync(Reviewing.DecisionsOf(project),
            Reviewing.Body("ethics-review", "approve", version, reviewType: "expedited"));
        var problem = await Expect.ProblemAsync(throttled, HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.Contains("sign again in", problem.Str("detail"), StringComparison.Ordinal);
        var retryAfter = int.Parse(Assert.Single(throttled.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);

        Assert.Equal(version, await Reviewing.VersionAsync(api, project, DemoIds.Shanghai));
        var refusals = await api.WithDbAsync(db => db.Audit.Where(a => a.ResourceId == project && !a.Accepted).Select(a => a.Outcome).ToListAsync());
        Assert.Equal(["reauthentication-failed", "reauthentication-failed"], refusals);
        await using var scope = api.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        var account = await users.FindByNameAsync("ethics-secretary@sh-site.test");
        Assert.Equal(2, await users.GetAccessFailedCountAsync(account!));
    }

    [Fact]
    public async Task SignInFromOneAddress_OverItsLimit_IsRefusedWhicheverAccount_AndSaysWhenToRetry()
    {
        using var api = KestrelApiFactory.Start("sqlite", new Dictionary<string, string>
        {
            ["TrialStartup:RateLimits:PasswordChecksPerAddressPerMinute"] = "3",
        });
        var people = new[] { "site-office", "approval-office", "contract-office", "pi" }.Select(r => $"{r}@bj-lead.demo").ToList();

        for (var i = 0; i < 3; i++)
        {
            var (wrong, body) = await api.RequestTokenAsync(people[i], "Not-The-Password-1");
            Assert.Contains("wrong", OAuthError(wrong, body, "invalid_grant"), StringComparison.Ordinal);
        }

        // A fourth account from the same address, with its right password: not checked.
        var (refused, refusedBody) = await api.RequestTokenAsync(people[3], Organisations.DemoSeed.Password);
        Assert.Contains("too many password attempts", OAuthError(refused, refusedBody, "invalid_grant"), StringComparison.Ordinal);

        // The browser's sign-in page says so in the person's words.
        using var browser = api.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false, HandleCookies = true, BaseAddress = api.BaseAddress,
        });
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        var page = await BrowserSignInTests.SignInAsync(browser, people[3], Organisations.DemoSeed.Password, "/");
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("登录尝试过于频繁", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
