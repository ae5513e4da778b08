namespace TrialStartup.Api.Auth;

using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

/// <summary>Mints tokens with the local signing key: for the demo (<c>--mint-token</c>) and for tests.</summary>
public static class TokenMinter
{
    /// <summary>A token for one person acting in one role for one organisation.</summary>
    public static string Mint(SecurityKey key, string subject, string name, string role, string organisationType,
        string organisationCode, Guid organisationId, TimeSpan lifetime, DateTimeOffset now)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = TrialStartupClaims.Issuer,
            Audience = TrialStartupClaims.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
            Subject = new ClaimsIdentity(
            [
                new Claim(TrialStartupClaims.Subject, subject),
                new Claim(TrialStartupClaims.Name, name),
                new Claim(TrialStartupClaims.Role, role),
                new Claim(TrialStartupClaims.OrganisationType, organisationType),
                new Claim(TrialStartupClaims.Organisation, organisationCode),
                new Claim(TrialStartupClaims.OrganisationId, organisationId.ToString()),
            ]),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
