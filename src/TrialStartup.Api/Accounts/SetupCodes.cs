namespace TrialStartup.Api.Accounts;

using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

/// <summary>
/// One-time codes that set a password: an invitation's, or an administrator's reset. 256 random bits, shown once to
/// whoever issued them; the account keeps only the SHA-256, so a copy of the database sets no password.
/// </summary>
public static class SetupCodes
{
    /// <summary>A new code and its hash.</summary>
    public static (string Code, string Hash) New()
    {
        var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        return (code, Hash(code));
    }

    /// <summary>The stored form of <paramref name="code"/>.</summary>
    public static string Hash(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code.Trim())));
}
