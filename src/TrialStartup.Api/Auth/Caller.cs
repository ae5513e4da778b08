namespace TrialStartup.Api.Auth;

using System.Security.Claims;
using TrialStartup.Data.Accounts;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;

/// <summary>
/// Who is calling, read from the validated token. Authorisation always compares <see cref="OrganisationId"/> with the
/// resource's organisation: a role alone never grants access to another organisation's data.
/// </summary>
/// <param name="Id">The person's account id (an external provider's subject), or an API client's client id.</param>
/// <param name="Name">The printed name.</param>
/// <param name="Roles">Every role held, including the workflow roles they act in (see <see cref="AccountRoles.WithWorkflowRoles"/>).</param>
/// <param name="OrganisationType">institution, sponsor, authority or platform.</param>
/// <param name="OrganisationCode">The organisation's code.</param>
/// <param name="OrganisationId">The organisation's id.</param>
/// <param name="IsSystem">An API client (client credentials), not a person.</param>
/// <param name="AuthenticatedAt">When the person last proved who they are (<c>auth_time</c>), if the token says.</param>
/// <param name="IssuedAt">When the token was issued, if it says.</param>
public sealed record Caller(string Id, string Name, IReadOnlySet<string> Roles, string OrganisationType, string OrganisationCode,
    Guid OrganisationId, bool IsSystem = false, DateTimeOffset? AuthenticatedAt = null, DateTimeOffset? IssuedAt = null)
{
    /// <summary>Whether the caller holds <paramref name="role"/>.</summary>
    public bool Has(string role) => Roles.Contains(role);

    /// <summary>
    /// The caller as the engine records it, acting in <paramref name="role"/> when it holds it (the role of the step it
    /// decides); otherwise in its first workflow role, which the engine refuses by name.
    /// </summary>
    public Actor ActingAs(string? role) => new(Id, Name, role is not null && Has(role) ? role : PrimaryRole, OrganisationCode);

    /// <summary>The workflow role a caller with several acts in when the request does not say (first in a fixed order).</summary>
    public string PrimaryRole => TrialStartup.Workflows.Definitions.Roles.All.Order(StringComparer.Ordinal).FirstOrDefault(Has)
        ?? Roles.Order(StringComparer.Ordinal).FirstOrDefault() ?? "";

    /// <summary>Whether the caller acts for this institution.</summary>
    public bool IsInstitution(Guid institutionId) => OrganisationType == OrganisationKinds.Institution && OrganisationId == institutionId;

    /// <summary>Whether the caller acts for this sponsor.</summary>
    public bool IsSponsor(Guid sponsorId) => OrganisationType == OrganisationKinds.Sponsor && OrganisationId == sponsorId;

    /// <summary>Whether the caller acts for a regional authority (any: which institutions it covers is the authority's coverage).</summary>
    public bool IsAuthority => OrganisationType == OrganisationKinds.Authority;

    /// <summary>Whether the caller administers its organisation (people, roles, API clients).</summary>
    public bool IsOrganisationAdministrator => Has(AccountRoles.OrganisationAdministrator)
        && OrganisationType is OrganisationKinds.Institution or OrganisationKinds.Sponsor or OrganisationKinds.Authority;

    /// <summary>Whether the caller operates the installation (registers institutions and sponsors).</summary>
    public bool IsPlatformAdministrator => Has(AccountRoles.PlatformAdministrator) && OrganisationType == OrganisationKinds.Platform;

    /// <summary>Lets endpoints take the caller as a parameter; an authenticated request without the claims gets a 403.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext context) => ValueTask.FromResult(From(context?.User ?? new ClaimsPrincipal()));

    /// <summary>Reads the caller from an authenticated principal; <c>null</c> when a claim is missing or malformed.</summary>
    public static Caller? From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        string? Claim(string type) => user.FindFirst(type)?.Value;
        var roles = user.FindAll(TrialStartupClaims.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return Claim(TrialStartupClaims.Subject) is { } id && Claim(TrialStartupClaims.Name) is { } name && roles.Count > 0
            && Claim(TrialStartupClaims.OrganisationType) is { } type && OrganisationKinds.FromClaimValue(type) is not null
            && Claim(TrialStartupClaims.Organisation) is { } code && Guid.TryParse(Claim(TrialStartupClaims.OrganisationId), out var org)
            ? new Caller(id, name, roles, type, code, org, Claim(TrialStartupClaims.PrincipalType) == PrincipalTypes.System,
                UnixTime(Claim(TrialStartupClaims.AuthenticationTime)), UnixTime(Claim(TrialStartupClaims.IssuedAt)))
            : null;
    }

    private static DateTimeOffset? UnixTime(string? value) =>
        long.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
}

/// <summary>The values of <see cref="TrialStartupClaims.PrincipalType"/>.</summary>
public static class PrincipalTypes
{
    /// <summary>A person who signed in.</summary>
    public const string Person = "person";

    /// <summary>A sponsor's or institution's system (client credentials).</summary>
    public const string System = "system";
}
