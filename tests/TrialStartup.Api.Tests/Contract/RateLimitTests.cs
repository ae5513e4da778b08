namespace TrialStartup.Api.Tests.Contract;

using System.Net;
using TrialStartup.Api.RateLimits;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// One caller flooding the API is refused with 429, <c>Retry-After</c> and a problem, while another caller is served;
/// the callers of one organisation share its bucket. Low limits here, so a flood is a few requests.
/// </summary>
public sealed class RateLimitTests
{
    private static readonly Uri Trials = new("/api/v1/trials", UriKind.Relative);

    [Fact]
    public async Task OneCallerFlooding_Gets429WithRetryAfter_WhileAnotherCallerIsServed()
    {
        await using var api = Host(perCaller: (1, 5), perOrganisation: (1000, 1000));
        var flooder = api.ClientFor(DemoIds.Sponsor, Roles.Sponsor);
        var other = api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => flooder.GetAsync(Trials)));

        Assert.Contains(answers, r => r.StatusCode == HttpStatusCode.OK);
        var refused = answers.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.True(refused.Count >= 10, $"{refused.Count} of 20 refused; the burst is 5 and the rate 1 a second");
        Assert.True(refused[0].Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {refused[0].Headers.RetryAfter}");
        await Expect.ProblemAsync(refused[0], HttpStatusCode.TooManyRequests, ApiRateLimits.ProblemCode);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync(Trials)).StatusCode);
    }

    [Fact]
    public async Task TheCallersOfOneOrganisation_ShareItsBucket_AndOtherOrganisationsAreServed()
    {
        await using var api = Host(perCaller: (1000, 1000), perOrganisation: (1, 5));
        var first = api.ClientFor(DemoIds.Sponsor, Roles.Sponsor);
        var colleague = api.ClientFor(DemoIds.Sponsor, Roles.Sponsor, person: "colleague");
        var other = api.ClientFor(DemoIds.Shanghai, Roles.SiteOffice);

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => first.GetAsync(Trials)));

        Assert.Contains(answers, r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await colleague.GetAsync(Trials)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync(Trials)).StatusCode);
    }

    private static ClockedApiFactory Host((int Rate, int Burst) perCaller, (int Rate, int Burst) perOrganisation) =>
        new("sqlite", DateTimeOffset.UtcNow, settings: new Dictionary<string, string>
        {
            ["TrialStartup:RateLimits:PerCallerPerSecond"] = perCaller.Rate.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["TrialStartup:RateLimits:PerCallerBurst"] = perCaller.Burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["TrialStartup:RateLimits:PerOrganisationPerSecond"] = perOrganisation.Rate.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["TrialStartup:RateLimits:PerOrganisationBurst"] = perOrganisation.Burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
}
