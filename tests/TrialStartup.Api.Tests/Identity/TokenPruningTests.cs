namespace TrialStartup.Api.Tests.Identity;

using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.EntityFrameworkCore.Models;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.Tests.Identity.Accounts;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// Every token request writes entries (token, ad hoc authorization) and nothing else removes them: the hourly pruning
/// removes the spent ones (here: revoked when the person was deactivated) and keeps those still in use.
/// </summary>
public sealed class TokenPruningTests
{
    [Fact]
    public async Task Pruning_RemovesTheEntriesOfADeactivatedPersonsTokens_AndKeepsThoseInUse()
    {
        await using var api = new ApiFactory();
        var leaving = await AccountSteps.DemoPersonAsync(api, DemoSeed.ShanghaiHospital.Code, Roles.PrincipalInvestigator);
        var staying = await AccountSteps.DemoPersonAsync(api, DemoSeed.ShanghaiHospital.Code, Roles.SiteOffice);
        var leavingId = await api.WithDbAsync(db => db.Users.Where(a => a.Email == $"{Roles.PrincipalInvestigator}@sh-site.demo").Select(a => a.Id).SingleAsync());
        var stayingId = await api.WithDbAsync(db => db.Users.Where(a => a.Email == $"{Roles.SiteOffice}@sh-site.demo").Select(a => a.Id).SingleAsync());
        Assert.True(await TokenEntriesAsync(api, leavingId) > 0);
        Assert.True(await TokenEntriesAsync(api, stayingId) > 0);

        var admin = await AccountSteps.DemoAdminAsync(api, DemoSeed.ShanghaiHospital.Code);
        await Expect.StatusAsync(await AccountSteps.PostAsync(admin, $"/api/v1/organisation/people/{leavingId}/deactivate", null), HttpStatusCode.OK);

        // As the hourly run would a fortnight later: everything created so far is older than the threshold.
        var removed = await api.Services.GetRequiredService<TokenPruning>().PruneAsync(DateTimeOffset.UtcNow.AddDays(1), default);

        Assert.True(removed > 0);
        Assert.Equal(0, await TokenEntriesAsync(api, leavingId));
        Assert.True(await TokenEntriesAsync(api, stayingId) > 0, "a token in use was pruned");
        Assert.Equal(HttpStatusCode.OK, (await staying.GetAsync(new Uri("/api/v1/me", UriKind.Relative))).StatusCode);
    }

    private static Task<int> TokenEntriesAsync(ApiFactory api, Guid subject) =>
        api.WithDbAsync(db => db.Set<OpenIddictEntityFrameworkCoreToken<Guid>>().CountAsync(t => t.Subject == subject.ToString()));
}
