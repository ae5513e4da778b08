namespace TrialStartup.Api.Tests.Hosting;

using System.Net;
using Microsoft.IdentityModel.JsonWebTokens;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Hosting;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Data.Accounts;

/// <summary>
/// README's "Trying every role in minutes": <c>dotnet run --project src/TrialStartup.Api -- tokens</c> asks the running
/// host's token endpoint for a token of every demo person (the password grant, as a person signs in) and prints
/// <c>email role token</c>. The tokens are the issuer's own, so the host accepts them, each for its organisation only.
/// </summary>
public sealed class TokensCommandTests
{
    [Fact]
    public async Task TokensCommand_PrintsATokenOfTheIssuerForEveryDemoPerson_AndTheHostAcceptsEachForItsOrganisation()
    {
        await using var host = new ApiFactory();
        using var http = host.CreateClient();
        using var output = new StringWriter();

        var exit = await DemoTokens.PrintAsync(http, output);

        Assert.Equal(0, exit);
        var printed = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith('#')).Select(l => l.Split(' ')).Select(p => (Email: p[0], Role: p[1], Token: p[2])).ToList();

        // Every role of every demo organisation, and the platform's administrator: one line each.
        var expected = DemoSeed.Organisations.SelectMany(o => AccountRoles.Grantable(o.Kind)).Count() + 1;
        Assert.Equal(expected, printed.Count);
        Assert.All(printed, p =>
        {
            var claims = new JsonWebToken(p.Token);
            Assert.Contains(p.Role, claims.Claims.Where(c => c.Type == TrialStartupClaims.Role).Select(c => c.Value));
            var domain = p.Email.Split('@')[1][..^".demo".Length];
            Assert.Equal(domain == "trialstartup" ? OrganisationKinds.Platform : domain, claims.GetClaim(TrialStartupClaims.Organisation).Value);
        });

        var demoTrial = new Uri($"/api/v1/trials/{DemoSeed.TrialId}", UriKind.Relative);
        using (var sponsor = host.ClientWithToken(printed.Single(p => p.Email == "sponsor@demo-pharma.demo").Token))
        {
            Assert.Equal(HttpStatusCode.OK, (await sponsor.GetAsync(demoTrial)).StatusCode); // the demo trial is demo-pharma's
        }

        using (var other = host.ClientWithToken(printed.Single(p => p.Email == "sponsor@other-cro.demo").Token))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(demoTrial)).StatusCode);
        }

        // Another installation (its own keys in its own data folder) refuses them.
        await using var elsewhere = new ApiFactory();
        using var stranger = elsewhere.ClientWithToken(printed.Single(p => p.Email == "sponsor@demo-pharma.demo").Token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync(demoTrial)).StatusCode);
    }

    [Fact]
    public async Task TokensCommand_WithNoHostRunning_SaysToStartItAndFails()
    {
        using var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(1, await DemoTokens.PrintAsync(["--url", "http://127.0.0.1:9"], TextWriter.Null));
        }
        finally
        {
            Console.SetError(previous);
        }

        Assert.Contains("start it first", error.ToString(), StringComparison.Ordinal);
    }
}
