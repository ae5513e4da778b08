namespace TrialStartup.Api.Auth;

using System.Security.Claims;
using TrialStartup.Workflows.Runtime;

/// <summary>
/// Who is calling, read from the validated token. Authorisation always compares <see cref="OrganisationId"/> with the
/// resource's organisation: a role alone never grants access to another organisation's data.
/// </summary>
/// <param name="Id">The person's id.</param>
/// <param name="Name">The printed name.</param>
/// <param name="Role">The role.</param>
/// <param name="OrganisationType">institution or sponsor.</param>
/// <param name="OrganisationCode">The organisation's code.</param>
/// <param name="OrganisationId">The organisation's id.</param>
public sealed record Caller(string Id, string Name, string Role, string OrganisationType, string OrganisationCode, Guid OrganisationId)
{
    /// <summary>The caller as the engine records it.</summary>
    public Actor Actor => new(Id, Name, Role, OrganisationCode);

    /// <summary>Whether the caller acts for this institution.</summary>
    public bool IsInstitution(Guid institutionId) => OrganisationType == "institution" && OrganisationId == institutionId;

    /// <summary>Whether the caller acts for this sponsor.</summary>
    public bool IsSponsor(Guid sponsorId) => OrganisationType == "sponsor" && OrganisationId == sponsorId;

    /// <summary>Lets endpoints take the caller as a parameter; an authenticated request without the claims gets a 403.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext context) => ValueTask.FromResult(From(context?.User ?? new ClaimsPrincipal()));

    /// <summary>Reads the caller from an authenticated principal; <c>null</c> when a claim is missing or malformed.</summary>
    public static Caller? From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        string? Claim(string type) => user.FindFirst(type)?.Value;
        return Claim(TrialStartupClaims.Subject) is { } id && Claim(TrialStartupClaims.Name) is { } name
            && Claim(TrialStartupClaims.Role) is { } role && Claim(TrialStartupClaims.OrganisationType) is { } type
            && Claim(TrialStartupClaims.Organisation) is { } code && Guid.TryParse(Claim(TrialStartupClaims.OrganisationId), out var org)
            ? new Caller(id, name, role, type, code, org)
            : null;
    }
}
