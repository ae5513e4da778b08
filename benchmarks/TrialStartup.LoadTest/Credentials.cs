namespace TrialStartup.LoadTest;

using System.Collections.Concurrent;
using Microsoft.IdentityModel.Tokens;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Organisations;

/// <summary>Bearer tokens for the demo organisations' roles, minted once with the host's own signing key.</summary>
internal sealed class Credentials(SecurityKey key)
{
    private readonly ConcurrentDictionary<(string Organisation, string Role), string> tokens = new();

    /// <summary>The demo institutions the paths spread over, so no single institution's rows are the only hot ones.</summary>
    public static IReadOnlyList<string> Institutions { get; } =
        [DemoSeed.LeadHospital.Code, DemoSeed.AllianceHospital.Code, DemoSeed.ShanghaiHospital.Code];

    /// <summary>The token of one role of one demo organisation.</summary>
    public string For(string organisationCode, string role) => tokens.GetOrAdd((organisationCode, role), k =>
    {
        var (type, code, id) = DemoSeed.Organisations.Single(o => o.Code == k.Organisation);
        // Long enough for any run; minted once per role so signing is not part of the measured work.
        return TokenMinter.Mint(key, $"load-{code}-{k.Role}", $"Load {k.Role} of {code}", k.Role, type, code, id, TimeSpan.FromHours(12),
            DateTimeOffset.UtcNow);
    });
}
