namespace TrialStartup.Api.Hosting;

using TrialStartup.Api.Auth;
using TrialStartup.Api.Organisations;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// Mints a token for every role of every demo organisation from the local signing key, so a newcomer can try each
/// role at once: <c>dotnet run --project src/TrialStartup.Api -- tokens</c>. The key file is created if missing, so
/// tokens printed before the first start stay valid.
/// </summary>
public static class DemoTokens
{
    private static readonly string[] InstitutionRoles =
        [Roles.SiteOffice, Roles.ApprovalOffice, Roles.EthicsCommittee, Roles.ContractOffice, Roles.PrincipalInvestigator, Roles.OfficeHead];

    /// <summary>
    /// Prints <c>organisation role token</c> lines, signed with the key in <c>--data-folder DIR</c>, else the host's
    /// configured <paramref name="configuredDataFolder"/> (<c>TrialStartup:DataFolder</c>), else <c>data</c>; a relative
    /// folder is taken from <paramref name="contentRoot"/>, as the host takes it.
    /// </summary>
    public static int Print(string[] args, string? configuredDataFolder, string contentRoot, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var dataFolder = Path.GetFullPath(args is ["--data-folder", var folder, ..] ? folder : configuredDataFolder ?? "data", contentRoot);
        var key = SigningKey.LoadOrCreate(dataFolder);
        var now = DateTimeOffset.UtcNow;
        output.WriteLine($"# demo tokens, valid 30 days, signed with {Path.Combine(dataFolder, SigningKey.FileName)}");
        output.WriteLine("# use: curl -H \"Authorization: Bearer <token>\" http://localhost:5000/api/v1/...");
        foreach (var (type, code, id) in DemoSeed.Organisations)
        {
            foreach (var role in type == "institution" ? InstitutionRoles : [Roles.Sponsor])
            {
                var token = TokenMinter.Mint(key, $"{code}-{role}", $"Demo {role} of {code}", role, type, code, id, TimeSpan.FromDays(30), now);
                output.WriteLine($"{code} {role} {token}");
            }
        }

        return 0;
    }
}
