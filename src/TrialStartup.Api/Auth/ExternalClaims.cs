namespace TrialStartup.Api.Auth;

using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using TrialStartup.Data;
using TrialStartup.Data.Accounts;
using TrialStartup.Messaging.Hosting;

/// <summary>
/// Turns an external provider's token into TrialStartup's claims: the person, name and roles from the claims the
/// deployment named, and the organisation looked up by the code the provider sends (its id and kind are
/// TrialStartup's, so the provider need not know them). A token whose organisation is not registered gets no
/// organisation claims, so every endpoint refuses it.
/// </summary>
public sealed class ExternalClaims(TrialStartupOptions.ExternalProviderSettings settings, TrialStartupDbContext db, IMemoryCache cache)
    : IClaimsTransformation
{
    private static readonly TimeSpan OrganisationCacheTime = TimeSpan.FromMinutes(5);

    /// <inheritdoc />
    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.Identity is not ClaimsIdentity { IsAuthenticated: true } source || source.HasClaim(c => c.Type == TrialStartupClaims.OrganisationId))
        {
            return principal;
        }

        var identity = new ClaimsIdentity(source.AuthenticationType, TrialStartupClaims.Name, TrialStartupClaims.Role);
        void Copy(string from, string to)
        {
            if (source.FindFirst(from)?.Value is { Length: > 0 } value)
            {
                identity.AddClaim(new Claim(to, value));
            }
        }

        Copy(settings.SubjectClaim, TrialStartupClaims.Subject);
        Copy(settings.NameClaim, TrialStartupClaims.Name);
        Copy(TrialStartupClaims.AuthenticationTime, TrialStartupClaims.AuthenticationTime);
        Copy(TrialStartupClaims.IssuedAt, TrialStartupClaims.IssuedAt);
        identity.AddClaim(new Claim(TrialStartupClaims.PrincipalType, PrincipalTypes.Person));
        var roles = source.FindAll(settings.RolesClaim).Select(c => c.Value).Where(AccountRoles.All.Contains);
        foreach (var role in AccountRoles.WithWorkflowRoles(roles))
        {
            identity.AddClaim(new Claim(TrialStartupClaims.Role, role));
        }

        if (source.FindFirst(settings.OrganisationClaim)?.Value is { Length: > 0 } code && await FindOrganisationAsync(code) is { } organisation)
        {
            identity.AddClaim(new Claim(TrialStartupClaims.Organisation, code));
            identity.AddClaim(new Claim(TrialStartupClaims.OrganisationId, organisation.Id.ToString()));
            identity.AddClaim(new Claim(TrialStartupClaims.OrganisationType, organisation.Kind.ClaimValue()));
        }

        return new ClaimsPrincipal(identity);
    }

    private async Task<(Guid Id, OrganisationKind Kind)?> FindOrganisationAsync(string code)
    {
        if (code == OrganisationKinds.Platform)
        {
            return (Guid.Empty, OrganisationKind.Platform);
        }

        if (cache.TryGetValue<(Guid, OrganisationKind)>("external-org:" + code, out var cached))
        {
            return cached;
        }

        (Guid, OrganisationKind)? found =
            await db.Institutions.AsNoTracking().Where(i => i.Code == code).Select(i => (Guid?)i.Id).FirstOrDefaultAsync() is { } institution
                ? (institution, OrganisationKind.Institution)
                : await db.Sponsors.AsNoTracking().Where(s => s.Code == code).Select(s => (Guid?)s.Id).FirstOrDefaultAsync() is { } sponsor
                    ? (sponsor, OrganisationKind.Sponsor)
                    : await db.RegionalAuthorities.AsNoTracking().Where(a => a.Code == code).Select(a => (Guid?)a.Id).FirstOrDefaultAsync() is { } authority
                        ? (authority, OrganisationKind.Authority)
                        : null;
        if (found is { } value)
        {
            cache.Set("external-org:" + code, value, OrganisationCacheTime);
        }

        return found;
    }
}
