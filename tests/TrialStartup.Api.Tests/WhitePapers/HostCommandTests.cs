extern alias cli;

namespace TrialStartup.Api.Tests.WhitePapers;

using System.Net;
using System.Text.Json;
using cli::TrialStartup.Cli;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.Tests.Browser;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Data.Accounts;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// The commands that ask a running host (<c>trialstartup white-paper</c> and <c>trialstartup forecast backtest</c>)
/// against a real one: an API host listening on a Kestrel socket, asked over HTTP with a real token.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HostCommandTests
{
    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task WhitePaper_WritesTheHostsPaperWhole_AndOnARefusalWritesNothingAndSaysWhy(string database)
    {
        using var host = KestrelApiFactory.Start(database);
        var year = DateTime.UtcNow.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var token = host.TokenFor(OrganisationKinds.Authority, DemoSeed.Authority.Code, DemoSeed.Authority.Id, AccountRoles.AuthorityAnalyst);
        var folder = Directory.CreateTempSubdirectory("white-paper-");
        try
        {
            var pdf = Path.Combine(folder.FullName, "paper.pdf");
            var (exit, stdout, stderr) = Run(["--year", year, "--language", "en", "--url", host.BaseAddress.ToString(), "--out", pdf], token);
            Assert.True(exit == 0, stderr);
            Assert.Contains("wrote " + pdf, stdout, StringComparison.Ordinal);

            // The same bytes the API gives for the same data: the paper is made from the data, not from the moment.
            var direct = await host.ClientWithToken(token).GetByteArrayAsync(new Uri($"/api/v1/white-papers/{year}?format=pdf&language=en", UriKind.Relative));
            Assert.Equal(direct, await File.ReadAllBytesAsync(pdf));

            var json = Path.Combine(folder.FullName, "paper.json");
            Assert.Equal(0, Run(["--year", year, "--format", "json", "--url", host.BaseAddress.ToString(), "--out", json], token).Exit);
            var paper = JsonDocument.Parse(await File.ReadAllBytesAsync(json)).RootElement;
            Assert.Equal(("region", DemoSeed.Authority.Code), (paper.GetProperty("scope").GetString(), paper.GetProperty("code").GetString()));

            // A refusal names the field, writes no file and leaves no partial one.
            var refused = Path.Combine(folder.FullName, "refused.pdf");
            var (badExit, _, badError) = Run(["--year", year, "--language", "fr", "--url", host.BaseAddress.ToString(), "--out", refused], token);
            Assert.Equal(1, badExit);
            Assert.Contains("400 invalid-request", badError, StringComparison.Ordinal);
            Assert.Contains("(field language)", badError, StringComparison.Ordinal);
            Assert.Equal(["paper.json", "paper.pdf"], folder.GetFiles().Select(f => f.Name).Order(StringComparer.Ordinal));

            // A sponsor has no white paper: the host's 403, said as it came.
            var sponsor = host.TokenFor(OrganisationKinds.Sponsor, DemoIds.Sponsor, DemoSeed.Sponsor.Id, Roles.Sponsor);
            var (sponsorExit, _, sponsorError) = Run(["--year", year, "--url", host.BaseAddress.ToString(), "--out", refused], sponsor);
            Assert.Equal((1, false), (sponsorExit, File.Exists(refused)));
            Assert.Contains("403 forbidden", sponsorError, StringComparison.Ordinal);

            Assert.Throws<UsageException>(() => WhitePaperCommand.Run(["--year", year], TextWriter.Null, TextWriter.Null, environment: _ => null));
            Assert.Throws<UsageException>(() => WhitePaperCommand.Run(["--year", "last"], TextWriter.Null, TextWriter.Null, environment: _ => token));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [PostgresData]
    public async Task ForecastBacktest_AsksTheHostWithTheToken_AndPrintsItsPoints(string database)
    {
        using var host = KestrelApiFactory.Start(database);
        var token = host.TokenFor(OrganisationKinds.Institution, DemoIds.Lead, DemoSeed.LeadHospital.Id, Roles.OfficeHead);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = ForecastCommand.Run(["backtest", "--url", host.BaseAddress.ToString(), "--runs", "100", "--format", "json"], stdout, stderr,
            environment: name => name == HostApi.TokenVariable ? token : null);
        Assert.True(exit == 0, stderr.ToString());

        // What the API answers the same token, point for point.
        var printed = JsonDocument.Parse(stdout.ToString()).RootElement;
        var direct = JsonDocument.Parse(await host.ClientWithToken(token).GetStringAsync(new Uri("/api/v1/forecasts/backtest?runs=100", UriKind.Relative))).RootElement;
        Assert.Equal(DemoSeed.LeadHospital.Id, printed.GetProperty("institutionId").GetGuid());
        Assert.Equal(direct.GetProperty("points").GetRawText(), printed.GetProperty("points").GetRawText());

        // A token the host does not accept is its 401, said on stderr.
        using var refusedOut = new StringWriter();
        using var refusedErr = new StringWriter();
        Assert.Equal(1, ForecastCommand.Run(["backtest", "--url", host.BaseAddress.ToString()], refusedOut, refusedErr, environment: _ => "not-a-token"));
        Assert.Contains(((int)HttpStatusCode.Unauthorized).ToString(System.Globalization.CultureInfo.InvariantCulture), refusedErr.ToString(), StringComparison.Ordinal);
    }

    private static (int Exit, string Stdout, string Stderr) Run(string[] args, string token)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = WhitePaperCommand.Run(args, stdout, stderr, environment: name => name == HostApi.TokenVariable ? token : null);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
