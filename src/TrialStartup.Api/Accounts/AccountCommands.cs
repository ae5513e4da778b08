namespace TrialStartup.Api.Accounts;

using System.Net.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Problems;
using TrialStartup.Data;
using TrialStartup.Data.Accounts;
using TrialStartup.Messaging.Hosting;

/// <summary>
/// Creating people and setting their passwords, shared by the administrators' endpoints, onboarding and the demo
/// seed: one place that validates addresses, names and roles, and issues one-time setup codes.
/// </summary>
public sealed class AccountCommands(UserManager<Account> users, TrialStartupDbContext db, TimeProvider clock,
    IOptions<TrialStartupOptions> options)
{
    /// <summary>The audit action of an invitation.</summary>
    public const string InviteAction = "invite-person";

    /// <summary>The first problem with a person's address, name or roles for an organisation of <paramref name="kind"/>.</summary>
    public static IResult? Validate(string? email, string? name, IReadOnlyList<string>? roles, OrganisationKind kind, string prefix = "")
    {
        if (string.IsNullOrWhiteSpace(email) || email.Length > 256 || !MailAddress.TryCreate(email.Trim(), out var parsed)
            || parsed.Address != email.Trim())
        {
            return ApiProblems.Invalid(prefix + "email", "email must be an e-mail address such as li.na@hospital.cn (it is the user name)");
        }

        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200)
        {
            return ApiProblems.Invalid(prefix + "name", "name is the person's name as printed on signatures (1 to 200 characters)");
        }

        return roles is null ? null : ValidateRoles(roles, kind, prefix + "roles");
    }

    /// <summary>The problem with <paramref name="roles"/> for an organisation of <paramref name="kind"/>, if any.</summary>
    public static IResult? ValidateRoles(IReadOnlyList<string> roles, OrganisationKind kind, string field = "roles")
    {
        ArgumentNullException.ThrowIfNull(roles);
        var grantable = AccountRoles.Grantable(kind);
        if (roles.Count == 0)
        {
            return ApiProblems.Invalid(field, $"give at least one role: {string.Join(", ", grantable)}");
        }

        if (roles.Any(r => r is null))
        {
            return ApiProblems.Invalid(field, $"{field} lists roles, not null: use {string.Join(", ", grantable)}");
        }

        return roles.FirstOrDefault(r => !grantable.Contains(r)) is { } unknown
            ? ApiProblems.Invalid(field, $"'{unknown}' is not a role of a{(kind == OrganisationKind.Institution ? "n" : "")} {kind.ClaimValue()}: use {string.Join(", ", grantable)}")
            : null;
    }

    /// <summary>
    /// Creates an account without a password and a setup code for it; the caller commits (the account is saved by
    /// Identity, so run inside the caller's transaction). A taken address answers 409.
    /// </summary>
    public async Task<(SetupCodeView? Invitation, IResult? Problem)> InviteAsync(string email, string name, IReadOnlyList<string> roles,
        OrganisationKind kind, Guid organisationId, string organisationCode)
    {
        ArgumentNullException.ThrowIfNull(roles);
        email = email.Trim();
        if (await users.FindByEmailAsync(email).ConfigureAwait(false) is not null)
        {
            return (null, ApiProblems.Conflict("email-taken", $"{email} already has an account; each person has one account, at one organisation"));
        }

        var now = clock.GetUtcNow();
        var (code, hash) = SetupCodes.New();
        var account = new Account
        {
            Id = Guid.CreateVersion7(),
            UserName = email,
            Email = email,
            DisplayName = name.Trim(),
            OrganisationKind = kind,
            OrganisationId = organisationId,
            OrganisationCode = organisationCode,
            CreatedAt = now,
            SetupCodeHash = hash,
            SetupCodeExpiresAt = now + options.Value.Identity.SetupCodeLifetime,
        };
        var created = await users.CreateAsync(account).ConfigureAwait(false);
        if (!created.Succeeded)
        {
            return (null, ApiProblems.Invalid("email", string.Join("; ", created.Errors.Select(e => e.Description))));
        }

        IdentitySeed.Succeeded(await users.AddToRolesAsync(account, roles.Distinct(StringComparer.Ordinal)).ConfigureAwait(false), email);
        return (new SetupCodeView(PersonView.From(account, roles), code, account.SetupCodeExpiresAt.Value), null);
    }

    /// <summary>A new setup code for <paramref name="account"/> (an administrator's password reset); the caller saves.</summary>
    public SetupCodeView NewSetupCode(Account account, IReadOnlyList<string> roles)
    {
        ArgumentNullException.ThrowIfNull(account);
        var now = clock.GetUtcNow();
        var (code, hash) = SetupCodes.New();
        account.SetupCodeHash = hash;
        account.SetupCodeExpiresAt = now + options.Value.Identity.SetupCodeLifetime;
        return new SetupCodeView(PersonView.From(account, roles), code, account.SetupCodeExpiresAt.Value);
    }

    /// <summary>
    /// Sets the password of the account whose setup code this is: accepts an invitation or completes a reset, and
    /// lifts a lockout. Every way the code can be wrong gets the same answer, so codes cannot be probed.
    /// </summary>
    public async Task<(Account? Account, IResult? Problem)> SetPasswordAsync(string email, string code, string password)
    {
        var hash = SetupCodes.Hash(code);
        var now = clock.GetUtcNow();
        var account = await db.Users.SingleOrDefaultAsync(a => a.SetupCodeHash == hash).ConfigureAwait(false);
        if (account is null || account.DeactivatedAt is not null || account.SetupCodeExpiresAt < now
            || !string.Equals(account.Email, email.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return (null, ApiProblems.Invalid("setupCode",
                "the code does not match this e-mail address, was used already or has expired: ask your administrator for a new one"));
        }

        var invalid = await ReplacePasswordAsync(account, password, "password", accepted =>
        {
            accepted.SetupCodeHash = null;
            accepted.SetupCodeExpiresAt = null;
            accepted.EmailConfirmed = true; // the code reached them through the address's owner
        }).ConfigureAwait(false);
        return invalid is null ? (account, null) : (null, invalid);
    }

    /// <summary>
    /// Gives <paramref name="account"/> <paramref name="password"/> if it meets the password rules (otherwise the problem,
    /// naming <paramref name="field"/>, and nothing changed), clears its lockout, and changes its security stamp, which
    /// ends its browser sessions; <paramref name="alongside"/> changes what else goes with it. Saves the account.
    /// </summary>
    public async Task<IResult?> ReplacePasswordAsync(Account account, string password, string field, Action<Account>? alongside = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        foreach (var validator in users.PasswordValidators)
        {
            var valid = await validator.ValidateAsync(users, account, password).ConfigureAwait(false);
            if (!valid.Succeeded)
            {
                return ApiProblems.Invalid(field, string.Join(" ", valid.Errors.Select(e => e.Description)));
            }
        }

        account.PasswordHash = users.PasswordHasher.HashPassword(account, password);
        account.LockoutEnd = null;
        account.AccessFailedCount = 0;
        alongside?.Invoke(account);
        await users.UpdateSecurityStampAsync(account).ConfigureAwait(false); // saves
        return null;
    }
}
