namespace TrialStartup.Api.Auth;

using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using TrialStartup.Data.Accounts;
using static OpenIddict.Abstractions.OpenIddictConstants;

/// <summary>What every installation needs before anyone signs in: the roles, and the first-party command-line client.</summary>
public static class IdentitySeed
{
    /// <summary>Creates whatever is missing; changes nothing that exists.</summary>
    public static async Task EnsureAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var roles = services.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
        foreach (var role in AccountRoles.All)
        {
            if (!await roles.RoleExistsAsync(role).ConfigureAwait(false))
            {
                Succeeded(await roles.CreateAsync(new IdentityRole<Guid>(role) { Id = Guid.CreateVersion7() }).ConfigureAwait(false), role);
            }
        }

        // Only the embedded server has applications (with an external provider, the provider has them).
        if (services.GetService<IOpenIddictApplicationManager>() is { } applications
            && await applications.FindByClientIdAsync(TokenEndpoint.CommandLineClientId, cancellationToken).ConfigureAwait(false) is null)
        {
            await applications.CreateAsync(new OpenIddictApplicationDescriptor
            {
                ClientId = TokenEndpoint.CommandLineClientId,
                ClientType = ClientTypes.Public,
                DisplayName = "TrialStartup command line",
                Permissions =
                {
                    Permissions.Endpoints.Token, Permissions.GrantTypes.Password, Permissions.GrantTypes.RefreshToken,
                    Permissions.Prefixes.Scope + TrialStartupClaims.ApiScope, Permissions.Scopes.Profile,
                },
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Throws with Identity's reasons when <paramref name="result"/> failed (seeding data that must be valid).</summary>
    public static void Succeeded(IdentityResult result, string what)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"{what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
