namespace TrialStartup.Api.Tests.Identity;

using System.Net;
using System.Net.Http.Json;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Data.Accounts;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// An installation rehearsing on a chosen date (<c>TrialStartup:ClockShift</c>, here the tests' epoch, months from the
/// real date) that trusts a deployment's provider. The provider cannot be shifted: its tokens say the real time, and the
/// API must judge both their lifetime and the sign-in they prove on that time, not on the rehearsal's date.
/// </summary>
public sealed class ExternalProviderRehearsalTests(ExternalProviderRehearsalHost host) : IClassFixture<ExternalProviderRehearsalHost>
{
    [Fact]
    public async Task ProviderToken_OnTheRealClock_IsAcceptedByAShiftedHost()
    {
        Assert.True((ExternalProviderHost.ProviderNow - host.HostNow).Duration() > TimeSpan.FromDays(1), "the host is shifted from the real date");

        var me = await host.GetJsonAsync(host.TokenFor(DemoIds.Sponsor, [Roles.Sponsor]), "/api/v1/me");

        Assert.Equal(Organisations.DemoSeed.Sponsor.Id, me.GetProperty("organisationId").GetGuid());
    }

    [Fact]
    public async Task Decide_WithASignInOfAnHourAgoOnTheProvidersClock_Is403ReauthenticationRequired()
    {
        var project = await host.InEthicsReviewAtLeadAsync();
        var stale = host.TokenFor(DemoIds.Lead, [AccountRoles.EthicsSecretary], signedInAgo: TimeSpan.FromHours(1));

        var response = await host.Client(stale).PostAsJsonAsync(Reviewing.DecisionsOf(project), ExternalProviderHost.EthicsApproval());

        await Expect.ProblemAsync(response, HttpStatusCode.Forbidden, "reauthentication-required");
        Assert.Equal(["intake"], (await host.DecisionsAsync(project)).Select(d => d.Str("stepId")));
    }
}
