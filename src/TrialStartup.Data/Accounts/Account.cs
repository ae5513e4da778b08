namespace TrialStartup.Data.Accounts;

using Microsoft.AspNetCore.Identity;

/// <summary>
/// A person who signs in: belongs to one organisation (an institution, a sponsor, or the platform itself) and holds
/// one or more <see cref="AccountRoles"/> there. ASP.NET Core Identity keeps the password hash, lockout and the TOTP
/// authenticator key; the user name is the e-mail address.
/// </summary>
public sealed class Account : IdentityUser<Guid>
{
    /// <summary>The name printed on signatures and in the audit trail.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>Which kind of organisation <see cref="OrganisationId"/> is.</summary>
    public OrganisationKind OrganisationKind { get; set; }

    /// <summary>The institution or sponsor the person acts for (<see cref="Guid.Empty"/> for the platform's operators).</summary>
    public Guid OrganisationId { get; set; }

    /// <summary>The organisation's code, carried in tokens as <c>org</c>.</summary>
    public string OrganisationCode { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// SHA-256 of the one-time code that sets the password: an invitation's, or a reset's issued by an administrator.
    /// Only the hash is kept; the code is shown once to whoever issued it.
    /// </summary>
    public string? SetupCodeHash { get; set; }

    /// <summary>When the setup code stops working.</summary>
    public DateTimeOffset? SetupCodeExpiresAt { get; set; }

    /// <summary>When an administrator deactivated the account; it can no longer sign in or obtain tokens.</summary>
    public DateTimeOffset? DeactivatedAt { get; set; }
}
