namespace TrialStartup.Api.Accounts;

using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Authorities;
using TrialStartup.Api.Contract;
using TrialStartup.Api.Idempotency;
using TrialStartup.Api.Problems;
using TrialStartup.Api.RateLimits;
using TrialStartup.Api.Trials;
using TrialStartup.Data;
using TrialStartup.Data.Accounts;
using TrialStartup.Data.Transactions;

/// <summary>
/// People of an organisation, administered by its administrator (<c>org-admin</c>): invite, change roles, reset a
/// password, deactivate. A person sets their password with the one-time code they were given, and may add an
/// authenticator app. Nobody sees or changes another organisation's people: their ids answer 404.
/// </summary>
public static class PeopleApi
{
    /// <summary>Maps the endpoints.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        // Open to authorities: their administrators manage their own people as every organisation's do.
        var people = api.MapGroup("/organisation/people").WithTags("Accounts").OpenToAuthorities();
        people.MapGet("/", ListAsync).WithName("ListPeople").WithSummary("Lists the people of the caller's organisation (its administrators)")
            .Produces<Page<PersonView>>().ProducesProblems(StatusCodes.Status400BadRequest);
        people.MapPost("/", InviteAsync).AnswersWithOneTimeSecret().WithName("InvitePerson")
            .WithSummary("Invites a person with roles; the answer holds their one-time setup code").Produces<SetupCodeView>(StatusCodes.Status201Created);
        people.MapPut("/{personId:guid}/roles", ChangeRolesAsync).WithName("ChangeRoles").WithSummary("Replaces a person's roles")
            .Produces<PersonView>().ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        people.MapPost("/{personId:guid}/password-reset", ResetPasswordAsync).AnswersWithOneTimeSecret().WithName("ResetPassword")
            .WithSummary("Gives a person a new one-time setup code to choose a new password").Produces<SetupCodeView>()
            .ProducesProblems(StatusCodes.Status404NotFound);
        people.MapPost("/{personId:guid}/deactivate", DeactivateAsync).WithName("DeactivatePerson")
            .WithSummary("Deactivates a person: their sessions and tokens end").Produces<PersonView>().ProducesProblems(StatusCodes.Status404NotFound);

        api.MapPost("/account/password", SetPasswordAsync).WithTags("Accounts").AllowAnonymous().OpenToAuthorities().WithName("SetPasswordWithSetupCode")
            .WithSummary("Chooses a password with a one-time setup code (no token: the code is the credential)").Produces(StatusCodes.Status204NoContent);
        var me = api.MapGroup("/me").WithTags("Accounts").OpenToAuthorities();
        me.MapGet("/", MeAsync).WithName("GetMe").WithSummary("Who the caller is: name, roles, organisation").Produces<MeView>();
        me.MapPost("/password", ChangeOwnPasswordAsync).WithName("ChangeOwnPassword").WithSummary("Changes the caller's own password")
            .Produces(StatusCodes.Status204NoContent);
        me.MapPost("/authenticator", StartAuthenticatorAsync).AnswersWithOneTimeSecret().WithName("StartAuthenticator")
            .WithSummary("Starts setting up an authenticator app: the key and its otpauth address").Produces<AuthenticatorSetupView>();
        me.MapPost("/authenticator/confirm", ConfirmAuthenticatorAsync).WithName("ConfirmAuthenticator")
            .WithSummary("Confirms the authenticator app with a code it shows; sign-in then asks for a code").Produces(StatusCodes.Status204NoContent);
    }

    internal static async Task<IResult> ListAsync(Caller? caller, TrialStartupDbContext db, CancellationToken cancellationToken,
        int page = 1, int pageSize = 50)
    {
        if (AdministratorProblem(caller) is { } problem)
        {
            return problem;
        }

        if (page < 1 || pageSize is < 1 or > 200)
        {
            return ApiProblems.Invalid(page < 1 ? "page" : "pageSize", "page starts at 1; pageSize is 1 to 200");
        }

        var query = db.Users.AsNoTracking().Where(a => a.OrganisationId == caller!.OrganisationId);
        var total = await query.CountAsync(cancellationToken);
        var accounts = await query.OrderBy(a => a.DisplayName).ThenBy(a => a.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        var ids = accounts.Select(a => a.Id).ToList();
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ids.Contains(ur.UserId) select new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new Page<PersonView>(page, pageSize, total,
            [.. accounts.Select(a => PersonView.From(a, [.. roles.Where(r => r.UserId == a.Id).Select(r => r.Name!)]))]));
    }

    internal static async Task<IResult> InviteAsync(InvitePersonRequest body, Caller? caller, TrialStartupDbContext db, AccountCommands accounts,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (AdministratorProblem(caller) is { } problem)
        {
            return problem;
        }

        var kind = OrganisationKinds.FromClaimValue(caller!.OrganisationType)!.Value;
        if (AccountCommands.Validate(body.Email, body.Name, body.Roles ?? [], kind) is { } invalid)
        {
            return invalid;
        }

        await using var transaction = await WriteTransaction.BeginAsync(db.Database, cancellationToken);
        var (invitation, refused) = await accounts.InviteAsync(body.Email!, body.Name!, body.Roles!, kind, caller.OrganisationId, caller.OrganisationCode);
        if (refused is not null)
        {
            return refused;
        }

        db.Audit.Add(OrganisationAudit.Accepted(caller, AccountRoles.OrganisationAdministrator, AccountCommands.InviteAction, caller.OrganisationId,
            $"{invitation!.Person.Email}: {string.Join(",", invitation.Person.Roles)}", clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/organisation/people/{invitation.Person.Id}", invitation);
    }

    internal static async Task<IResult> ChangeRolesAsync(Guid personId, RolesRequest body, Caller? caller, TrialStartupDbContext db,
        UserManager<Account> users, TimeProvider clock, CancellationToken cancellationToken)
    {
        // Another organisation's person answers like an unknown id, before anything else is looked at.
        var account = await FindPersonAsync(db, caller, personId, cancellationToken);
        if (account is null)
        {
            return ApiProblems.NotFound("person", personId);
        }

        if (AdministratorProblem(caller) is { } problem)
        {
            return problem;
        }

        var kind = OrganisationKinds.FromClaimValue(caller!.OrganisationType)!.Value;
        if (AccountCommands.ValidateRoles(body.Roles ?? [], kind) is { } invalid)
        {
            return invalid;
        }

        var roles = body.Roles!.Distinct(StringComparer.Ordinal).ToList();
        if (!roles.Contains(AccountRoles.OrganisationAdministrator) && await IsLastAdministratorAsync(db, account, cancellationToken))
        {
            return ApiProblems.Conflict("last-administrator", "the organisation must keep an active administrator: make someone else org-admin first");
        }

        await using var transaction = await WriteTransaction.BeginAsync(db.Database, cancellationToken);
        var current = await users.GetRolesAsync(account);
        IdentitySeed.Succeeded(await users.RemoveFromRolesAsync(account, current.Except(roles)), account.Email!);
        IdentitySeed.Succeeded(await users.AddToRolesAsync(account, roles.Except(current)), account.Email!);

        // A new stamp ends the person's browser sessions, which carry the roles they signed in with; they sign in again.
        IdentitySeed.Succeeded(await users.UpdateSecurityStampAsync(account), account.Email!);
        db.Audit.Add(OrganisationAudit.Accepted(caller, AccountRoles.OrganisationAdministrator, "change-roles", caller.OrganisationId, $"{account.Email}: {string.Join(",", roles.Order(StringComparer.Ordinal))}",
            clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(PersonView.From(account, roles));
    }

    internal static async Task<IResult> ResetPasswordAsync(Guid personId, Caller? caller, TrialStartupDbContext db, UserManager<Account> users,
        AccountCommands accounts, TimeProvider clock, CancellationToken cancellationToken)
    {
        var account = await FindPersonAsync(db, caller, personId, cancellationToken);
        if (account is null || account.DeactivatedAt is not null)
        {
            return ApiProblems.NotFound("person", personId);
        }

        if (AdministratorProblem(caller) is { } problem)
        {
            return problem;
        }

        var reset = accounts.NewSetupCode(account, [.. await users.GetRolesAsync(account)]);
        db.Audit.Add(OrganisationAudit.Accepted(caller!, AccountRoles.OrganisationAdministrator, "reset-password", caller!.OrganisationId, account.Email!, clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(reset);
    }

    internal static async Task<IResult> DeactivateAsync(Guid personId, Caller? caller, TrialStartupDbContext db, UserManager<Account> users,
        IServiceProvider services, TimeProvider clock, CancellationToken cancellationToken)
    {
        var account = await FindPersonAsync(db, caller, personId, cancellationToken);
        if (account is null)
        {
            return ApiProblems.NotFound("person", personId);
        }

        if (AdministratorProblem(caller) is { } problem)
        {
            return problem;
        }

        if (await IsLastAdministratorAsync(db, account, cancellationToken))
        {
            return ApiProblems.Conflict("last-administrator", "the organisation must keep an active administrator: make someone else org-admin first");
        }

        var now = clock.GetUtcNow();
        account.DeactivatedAt ??= now;
        account.SetupCodeHash = null;
        db.Audit.Add(OrganisationAudit.Accepted(caller!, AccountRoles.OrganisationAdministrator, "deactivate-person", caller!.OrganisationId, account.Email!, now));
        await users.UpdateSecurityStampAsync(account); // saves the account and the entry

        await EndTokenSessionsAsync(services, account, cancellationToken);

        return TypedResults.Ok(PersonView.From(account, [.. await users.GetRolesAsync(account)]));
    }

    internal static async Task<IResult> SetPasswordAsync(SetPasswordRequest body, TrialStartupDbContext db, AccountCommands accounts,
        IServiceProvider services, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.Email))
        {
            return ApiProblems.Invalid("email", "email is the address the invitation or reset was issued for");
        }

        if (string.IsNullOrWhiteSpace(body.SetupCode))
        {
            return ApiProblems.Invalid("setupCode", "setupCode is the one-time code your administrator gave you");
        }

        if (string.IsNullOrEmpty(body.Password))
        {
            return ApiProblems.Invalid("password", "password is the new password");
        }

        await using var transaction = await WriteTransaction.BeginAsync(db.Database, cancellationToken);
        var (account, problem) = await accounts.SetPasswordAsync(body.Email, body.SetupCode, body.Password);
        if (problem is not null)
        {
            return problem;
        }

        db.Audit.Add(OrganisationAudit.ByAccount(account!, "set-password", clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        // A new password ends the sessions of the old one; whoever knew the old one is out.
        await EndTokenSessionsAsync(services, account!, cancellationToken);

        return TypedResults.NoContent();
    }

    internal static async Task<IResult> MeAsync(Caller? caller, UserManager<Account> users)
    {
        if (caller is null)
        {
            return ApiProblems.Forbidden("the token does not say who you are and for which organisation");
        }

        var account = await FindOwnAccountAsync(users, caller);
        return TypedResults.Ok(new MeView(caller.Id, caller.Name, [.. caller.Roles.Order(StringComparer.Ordinal)], caller.OrganisationType,
            caller.OrganisationCode, caller.OrganisationId, account?.TwoFactorEnabled));
    }

    /// <summary>
    /// A signed-in person changes their own password: the current one proves it is them (a wrong one counts towards the
    /// lockout, as at sign-in), the new one follows the same rules as a first one. Their other sessions end (refresh
    /// tokens revoked; browser sessions carry the security stamp, which changes).
    /// </summary>
    internal static async Task<IResult> ChangeOwnPasswordAsync(ChangePasswordRequest body, Caller? caller, TrialStartupDbContext db,
        UserManager<Account> users, PasswordCheck passwords, AccountCommands accounts, IServiceProvider services, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var account = await FindOwnAccountAsync(users, caller);
        if (account is null)
        {
            return ApiProblems.Forbidden("a password is changed by a person with an account here (with an external provider, change it there)");
        }

        if (string.IsNullOrEmpty(body.CurrentPassword))
        {
            return ApiProblems.Invalid("currentPassword", "currentPassword is the password you signed in with");
        }

        if (string.IsNullOrEmpty(body.NewPassword))
        {
            return ApiProblems.Invalid("newPassword", "newPassword is the password you want from now on");
        }

        var check = await passwords.CheckAsync(account, body.CurrentPassword, oneTimeCode: null, signing: true);
        switch (check.Outcome)
        {
            case PasswordCheckOutcome.LockedOut:
                return ApiProblems.Problem(StatusCodes.Status403Forbidden, "account-locked", "The account is locked",
                    $"the account is locked after repeated wrong passwords until {check.LockedUntil:yyyy-MM-dd HH:mm} UTC; an administrator can reset the password");
            case PasswordCheckOutcome.Inactive:
                return ApiProblems.Forbidden("the account is not active");
            case PasswordCheckOutcome.Throttled:
                return ApiRateLimits.TooManyRequests(check.RetryAfter!.Value,
                    $"too many password attempts this minute: try again in {ApiRateLimits.Seconds(check.RetryAfter.Value)} s; nothing was changed");
            case not PasswordCheckOutcome.Passed:
                return ApiProblems.Invalid("currentPassword", "the current password is wrong: nothing was changed");
        }

        if (string.Equals(body.CurrentPassword, body.NewPassword, StringComparison.Ordinal))
        {
            return ApiProblems.Invalid("newPassword", "the new password must differ from the current one");
        }

        await using var transaction = await WriteTransaction.BeginAsync(db.Database, cancellationToken);
        if (await accounts.ReplacePasswordAsync(account, body.NewPassword, "newPassword") is { } invalid)
        {
            return invalid;
        }

        db.Audit.Add(OrganisationAudit.ByAccount(account, "change-password", clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        await EndTokenSessionsAsync(services, account, cancellationToken);
        return TypedResults.NoContent();
    }

    internal static async Task<IResult> StartAuthenticatorAsync(Caller? caller, UserManager<Account> users, TrialStartupDbContext db)
    {
        var account = await FindOwnAccountAsync(users, caller);
        if (account is null)
        {
            return ApiProblems.Forbidden("an authenticator app is added by a person with an account here (with an external provider, set it up there)");
        }

        // Before a confirm, a new key replaces the last one outright. With an app already confirmed, the new key waits
        // beside it until it is confirmed: opening the set-up again must not shut the person out.
        string key;
        IdentityResult stored;
        try
        {
            if (account.TwoFactorEnabled)
            {
                key = users.GenerateNewAuthenticatorKey();
                stored = await users.SetAuthenticationTokenAsync(account, PendingKeyProvider, PendingKeyName, key);
            }
            else
            {
                stored = await users.ResetAuthenticatorKeyAsync(account);
                key = stored.Succeeded ? (await users.GetAuthenticatorKeyAsync(account))! : "";
            }
        }
        catch (DbUpdateException)
        {
            // Both set-ups added the first key row at once: the other one's is stored.
            stored = IdentityResult.Failed(users.ErrorDescriber.ConcurrencyFailure());
            key = "";
        }

        // Sent twice at once (a double click): the account changed between this request's read and its save, so the
        // other one's key is the one stored. This one's key is never shown: only the stored key is handed out to scan.
        if (stored.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure)))
        {
            db.DropStaged();
            return ApiProblems.Conflict(TrialStartup.Workflows.Runtime.RefusalCodes.Conflict,
                "your account changed while this key was made (the set-up was started twice at once): scan the key the other request showed, or start again");
        }

        IdentitySeed.Succeeded(stored, account.Email!);

        var grouped = string.Join(' ', key.Chunk(4).Select(c => new string(c))).ToLowerInvariant();
        var uri = string.Create(CultureInfo.InvariantCulture,
            $"otpauth://totp/{Uri.EscapeDataString("TrialStartup")}:{Uri.EscapeDataString(account.Email!)}?secret={key}&issuer=TrialStartup&digits=6");
        return TypedResults.Ok(new AuthenticatorSetupView(grouped, uri));
    }

    internal static async Task<IResult> ConfirmAuthenticatorAsync(AuthenticatorCodeRequest body, Caller? caller, UserManager<Account> users,
        IUserStore<Account> store, TrialStartupDbContext db, TimeProvider clock)
    {
        var account = await FindOwnAccountAsync(users, caller);
        if (account is null)
        {
            return ApiProblems.Forbidden("an authenticator app is added by a person with an account here");
        }

        var code = new StringBuilder(body.Code ?? "").Replace(" ", "").Replace("-", "").ToString();
        var pending = await users.GetAuthenticationTokenAsync(account, PendingKeyProvider, PendingKeyName);
        var valid = pending is not null
            ? AuthenticatorCodes.Verify(pending, code, DateTimeOffset.UtcNow) // authenticator apps run on the real clock
            : code.Length == 6 && await users.GetAuthenticatorKeyAsync(account) is not null
                && await users.VerifyTwoFactorTokenAsync(account, users.Options.Tokens.AuthenticatorTokenProvider, code);
        if (!valid)
        {
            return ApiProblems.Invalid("code", "the code is not the one the authenticator app shows now: check the phone's clock and try the next code");
        }

        if (pending is not null)
        {
            await ((IUserAuthenticatorKeyStore<Account>)store).SetAuthenticatorKeyAsync(account, pending, CancellationToken.None);
            IdentitySeed.Succeeded(await users.RemoveAuthenticationTokenAsync(account, PendingKeyProvider, PendingKeyName), account.Email!);
        }

        db.Audit.Add(OrganisationAudit.Accepted(caller!, "", "enable-second-factor", caller!.OrganisationId, account.Email!, clock.GetUtcNow()));
        IdentitySeed.Succeeded(await users.SetTwoFactorEnabledAsync(account, true), account.Email!); // saves the key and the entry too
        return TypedResults.NoContent();
    }

    // Where a new authenticator key waits for its confirm while another one is in use (Identity's per-account tokens).
    private const string PendingKeyProvider = "TrialStartup";
    private const string PendingKeyName = "PendingAuthenticatorKey";

    // The caller's own account, when a person's token is the embedded server's (an external provider's subject is not
    // ours, and a system has no account).
    private static async Task<Account?> FindOwnAccountAsync(UserManager<Account> users, Caller? caller) =>
        caller is { IsSystem: false } && Guid.TryParse(caller.Id, out _) && await users.FindByIdAsync(caller.Id) is { } account
            && account.OrganisationId == caller.OrganisationId
            ? account
            : null;

    // Refresh tokens die now (the embedded server's; an external provider keeps its own); access tokens already issued
    // run out within their short lifetime.
    private static async Task EndTokenSessionsAsync(IServiceProvider services, Account account, CancellationToken cancellationToken)
    {
        if (services.GetService<IOpenIddictTokenManager>() is { } tokens)
        {
            await tokens.RevokeBySubjectAsync(account.Id.ToString(), cancellationToken);
        }
    }

    // A person of the caller's organisation; null for anyone else's, as for an unknown id.
    private static async Task<Account?> FindPersonAsync(TrialStartupDbContext db, Caller? caller, Guid personId, CancellationToken cancellationToken) =>
        caller is null || caller.OrganisationType == OrganisationKinds.Platform
            ? null
            : await db.Users.SingleOrDefaultAsync(a => a.Id == personId && a.OrganisationId == caller.OrganisationId, cancellationToken);

    // Whether taking org-admin away from this account (or deactivating it) would leave nobody able to administer: no
    // other administrator who is active (has set a password and is not deactivated).
    private static async Task<bool> IsLastAdministratorAsync(TrialStartupDbContext db, Account account, CancellationToken cancellationToken)
    {
        var administrators = from a in db.Users
                             join ur in db.UserRoles on a.Id equals ur.UserId
                             join r in db.Roles on ur.RoleId equals r.Id
                             where a.OrganisationId == account.OrganisationId && r.Name == AccountRoles.OrganisationAdministrator
                             select new { a.Id, Active = a.DeactivatedAt == null && a.PasswordHash != null };
        var all = await administrators.ToListAsync(cancellationToken);
        return all.Any(a => a.Id == account.Id) && !all.Any(a => a.Id != account.Id && a.Active);
    }

    /// <summary>
    /// API clients and webhooks are an institution's or a sponsor's systems: a regional authority has none (its people
    /// read its figures by signing in). The workspace runs these handlers without the /api/v1 boundary, so the rule is here.
    /// </summary>
    internal static IResult? SystemsAdministratorProblem(Caller? caller) =>
        caller is { IsAuthority: true } ? AuthorityBoundary.Refusal() : AdministratorProblem(caller);

    internal static IResult? AdministratorProblem(Caller? caller) =>
        caller is { IsOrganisationAdministrator: true }
            ? null
            : ApiProblems.Forbidden("only the organisation's administrator (org-admin) manages its people and API clients");
}
