namespace TrialStartup.Api.Tests.Hosting;

using System.Diagnostics;
using System.Net;
using Microsoft.IdentityModel.JsonWebTokens;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Organisations;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// README's "Trying every role in minutes": <c>dotnet run --project src/TrialStartup.Api -- tokens</c>, from the folder
/// the host runs in, prints <c>organisation role token</c> for every role of every demo organisation, signed with the
/// key in <c>data/signing-key</c> (created if missing), so a host on that data folder accepts them. The command is run
/// as the built Api, in a process of its own, exactly as a newcomer runs it.
/// </summary>
public sealed class TokensCommandTests : IDisposable
{
    // The working directory of the command (the repository root, for `dotnet run`): its data folder is `data` in it.
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "trialstartup-tokens-" + Guid.NewGuid().ToString("N"));

    public TokensCommandTests() => Directory.CreateDirectory(_folder);

    private string DataFolder => Path.Combine(_folder, "data");

    [Fact]
    public async Task TokensCommand_WhenRunBeforeTheFirstStart_PrintsEveryRoleOfEveryDemoOrganisationAndAHostOnThatDataFolderAcceptsThem()
    {
        var printed = await TokensAsync();

        // Three hospitals with every institution role, two sponsors as sponsor: one line each, nothing else.
        var expected = DemoSeed.Organisations
            .SelectMany(o => (o.Type == "institution" ? Roles.All.Where(r => r != Roles.Sponsor) : [Roles.Sponsor]).Select(r => (o.Code, r)))
            .Order().ToList();
        Assert.Equal(5, expected.Select(e => e.Code).Distinct().Count());
        Assert.Equal(expected, printed.Select(p => (p.Organisation, p.Role)).Order().ToList());
        Assert.All(printed, p =>
        {
            var claims = new JsonWebToken(p.Token);
            Assert.Equal((p.Organisation, p.Role), (claims.GetClaim(TrialStartupClaims.Organisation).Value, claims.GetClaim(TrialStartupClaims.Role).Value));
        });
        Assert.True(File.Exists(Path.Combine(DataFolder, SigningKey.FileName)), "the command created the key the host will use");

        // The host's first start finds the key the command created and accepts every printed token, as its organisation.
        await using var host = new ClockedApiFactory("sqlite", ApiFactory.TestEpoch,
            settings: new Dictionary<string, string> { ["TrialStartup:DataFolder"] = DataFolder });
        foreach (var (organisation, role, token) in printed)
        {
            using var client = host.ClientWithToken(token);
            Assert.True((await client.GetAsync(new Uri("/api/v1/institutions", UriKind.Relative))).StatusCode == HttpStatusCode.OK,
                $"the token of {organisation} {role} was refused");
        }

        var demoTrial = new Uri($"/api/v1/trials/{DemoSeed.TrialId}", UriKind.Relative);
        using (var sponsor = host.ClientWithToken(TokenOf(printed, DemoSeed.Sponsor.Code, Roles.Sponsor)))
        {
            Assert.Equal(HttpStatusCode.OK, (await sponsor.GetAsync(demoTrial)).StatusCode); // the demo trial is demo-pharma's
        }

        using (var other = host.ClientWithToken(TokenOf(printed, DemoSeed.OtherSponsor.Code, Roles.Sponsor)))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(demoTrial)).StatusCode);
        }

        // Printed again while the host runs: the same key, so accepted too.
        var again = await TokensAsync();
        using (var sponsorAgain = host.ClientWithToken(TokenOf(again, DemoSeed.Sponsor.Code, Roles.Sponsor)))
        {
            Assert.Equal(HttpStatusCode.OK, (await sponsorAgain.GetAsync(demoTrial)).StatusCode);
        }

        // A host with a key of its own refuses them: what makes them valid is the shared key file.
        await using var elsewhere = new ClockedApiFactory("sqlite", ApiFactory.TestEpoch);
        using var stranger = elsewhere.ClientWithToken(TokenOf(printed, DemoSeed.Sponsor.Code, Roles.Sponsor));
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync(demoTrial)).StatusCode);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static string TokenOf(List<(string Organisation, string Role, string Token)> printed, string organisation, string role) =>
        printed.Single(p => p.Organisation == organisation && p.Role == role).Token;

    // `dotnet TrialStartup.Api.dll tokens` in the folder (what `dotnet run --project src/TrialStartup.Api -- tokens` runs):
    // the lines other than the '#' comments, each split in its three fields.
    private async Task<List<(string Organisation, string Role, string Token)>> TokensAsync()
    {
        var dll = HostProcess.BuildOutput("TrialStartup.Api") ?? throw new InvalidOperationException("TrialStartup.Api is not built");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("tokens");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            await process.WaitForExitAsync(limit.Token);
        }

        Assert.True(process.ExitCode == 0, $"tokens exited with {process.ExitCode}: {await errors}");
        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith('#')).Select(l => l.Split(' ')).ToList();
        Assert.All(lines, fields => Assert.Equal(3, fields.Length));
        return [.. lines.Select(f => (f[0], f[1], f[2]))];
    }
}
