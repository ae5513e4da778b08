namespace TrialStartup.Api.Auth;

using System.Globalization;
using System.Security.Claims;
using OpenIddict.Abstractions;
using TrialStartup.Data.Accounts;
using static OpenIddict.Abstractions.OpenIddictConstants;

/// <summary>
/// The claims the embedded server puts in tokens: the same set whether a person signed in or a system used its client
/// credentials, so the API checks one thing (<see cref="Caller"/>).
/// </summary>
public static class TokenPrincipals
{
    /// <summary>A person's principal; <paramref name="authenticatedAt"/> is when they last gave their password.</summary>
    public static ClaimsPrincipal ForAccount(Account account, IEnumerable<string> roles, DateTimeOffset authenticatedAt, IEnumerable<string> scopes)
    {
        ArgumentNullException.ThrowIfNull(account);
        var identity = Identity(account.Id.ToString(), account.DisplayName, roles, account.OrganisationKind, account.OrganisationId,
            account.OrganisationCode, PrincipalTypes.Person);
        identity.SetClaim(Claims.Email, account.Email);
        identity.AddClaim(new Claim(Claims.AuthenticationTime, authenticatedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ClaimValueTypes.Integer64));
        return Finish(identity, scopes);
    }

    /// <summary>An API client's principal.</summary>
    public static ClaimsPrincipal ForClient(ApiClient client, IEnumerable<string> scopes)
    {
        ArgumentNullException.ThrowIfNull(client);
        return Finish(Identity(client.ClientId, client.DisplayName, client.Roles, client.OrganisationKind, client.OrganisationId,
            client.OrganisationCode, PrincipalTypes.System), scopes);
    }

    private static ClaimsIdentity Identity(string subject, string name, IEnumerable<string> roles, OrganisationKind kind, Guid organisationId,
        string organisationCode, string principalType)
    {
        var identity = new ClaimsIdentity("TrialStartup", Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, subject)
            .SetClaim(Claims.Name, name)
            .SetClaims(Claims.Role, [.. AccountRoles.WithWorkflowRoles(roles)])
            .SetClaim(TrialStartupClaims.Organisation, organisationCode)
            .SetClaim(TrialStartupClaims.OrganisationId, organisationId.ToString())
            .SetClaim(TrialStartupClaims.OrganisationType, kind.ClaimValue())
            .SetClaim(TrialStartupClaims.PrincipalType, principalType);
        return identity;
    }

    private static ClaimsPrincipal Finish(ClaimsIdentity identity, IEnumerable<string> scopes)
    {
        identity.SetScopes(scopes);
        identity.SetResources(TrialStartupClaims.Audience);

        // Everything the API checks goes into the access token; the identity token (for the web app) gets who and where.
        identity.SetDestinations(claim => claim.Type switch
        {
            Claims.Name or Claims.Email or TrialStartupClaims.Organisation or Claims.Role =>
                [Destinations.AccessToken, Destinations.IdentityToken],
            _ => [Destinations.AccessToken],
        });
        return new ClaimsPrincipal(identity);
    }
}
