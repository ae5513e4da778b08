namespace TrialStartup.Api.Accounts;

using TrialStartup.Data.Accounts;

/// <summary>A person as their organisation's administrator sees them.</summary>
/// <param name="Id">The account id.</param>
/// <param name="Email">The e-mail address, also the user name.</param>
/// <param name="Name">The printed name.</param>
/// <param name="Roles">The roles held at the organisation.</param>
/// <param name="Status"><c>invited</c> (no password yet), <c>active</c>, <c>locked</c> or <c>deactivated</c>.</param>
/// <param name="TwoFactorEnabled">Whether sign-in asks for an authenticator code.</param>
/// <param name="LockedUntil">When a lockout ends.</param>
public sealed record PersonView(Guid Id, string Email, string Name, IReadOnlyList<string> Roles, string Status, bool TwoFactorEnabled,
    DateTimeOffset? LockedUntil)
{
    /// <summary>The view of <paramref name="account"/>.</summary>
    public static PersonView From(Account account, IReadOnlyList<string> roles)
    {
        ArgumentNullException.ThrowIfNull(account);

        // Identity sets and checks lockouts on the real clock, not the host's (which a rehearsal may shift).
        var locked = account.LockoutEnd is { } end && end > DateTimeOffset.UtcNow;
        var status = account.DeactivatedAt is not null ? "deactivated"
            : account.PasswordHash is null ? "invited"
            : locked ? "locked"
            : "active";
        return new(account.Id, account.Email ?? "", account.DisplayName, [.. roles.Order(StringComparer.Ordinal)], status,
            account.TwoFactorEnabled, locked ? account.LockoutEnd : null);
    }
}

/// <summary>
/// A one-time code that lets a person set their password at <c>POST /api/v1/account/password</c>: shown only in this
/// answer; hand it to the person (it is not stored, only its hash).
/// </summary>
/// <param name="Person">The person it is for.</param>
/// <param name="SetupCode">The code.</param>
/// <param name="ExpiresAt">When it stops working.</param>
public sealed record SetupCodeView(PersonView Person, string SetupCode, DateTimeOffset ExpiresAt);

/// <summary>The caller's own account.</summary>
/// <param name="Id">The account (or an external provider's subject, or an API client's client id).</param>
/// <param name="Name">The printed name.</param>
/// <param name="Roles">The roles the caller's token carries.</param>
/// <param name="OrganisationType">institution, sponsor or platform.</param>
/// <param name="OrganisationCode">The organisation's code.</param>
/// <param name="OrganisationId">The organisation's id.</param>
/// <param name="TwoFactorEnabled">Whether sign-in asks for an authenticator code (people of the embedded server only).</param>
public sealed record MeView(string Id, string Name, IReadOnlyList<string> Roles, string OrganisationType, string OrganisationCode,
    Guid OrganisationId, bool? TwoFactorEnabled);

/// <summary>What an authenticator app needs to be set up: scan <paramref name="AuthenticatorUri"/> or type <paramref name="SharedKey"/>.</summary>
/// <param name="SharedKey">The secret, in Base32 groups of four.</param>
/// <param name="AuthenticatorUri">An <c>otpauth://totp/…</c> URI (for a QR code).</param>
public sealed record AuthenticatorSetupView(string SharedKey, string AuthenticatorUri);

/// <summary>An API client of the organisation; the secret is never shown again after creation.</summary>
/// <param name="ClientId">The OAuth client id.</param>
/// <param name="Name">The system's name.</param>
/// <param name="Roles">The roles its tokens carry.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="CreatedBy">Who created it.</param>
/// <param name="RevokedAt">When it was revoked.</param>
public sealed record ApiClientView(string ClientId, string Name, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt, string CreatedBy,
    DateTimeOffset? RevokedAt)
{
    /// <summary>The view of <paramref name="client"/>.</summary>
    public static ApiClientView From(ApiClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new(client.ClientId, client.DisplayName, [.. client.Roles], client.CreatedAt, client.CreatedBy, client.RevokedAt);
    }
}

/// <summary>A new API client with its secret: the only time the secret is shown.</summary>
/// <param name="Client">The client.</param>
/// <param name="ClientSecret">The secret; TrialStartup keeps only a hash of it.</param>
/// <param name="TokenEndpoint">Where to get tokens (client credentials grant).</param>
public sealed record CreatedApiClientView(ApiClientView Client, string ClientSecret, string TokenEndpoint);
