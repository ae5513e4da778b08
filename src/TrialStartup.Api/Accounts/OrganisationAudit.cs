namespace TrialStartup.Api.Accounts;

using TrialStartup.Api.Auth;
using TrialStartup.Data.Audit;

/// <summary>
/// Audit entries of onboarding and account administration: about an organisation (resource type
/// <see cref="Resource"/>, its id), readable by its administrators and the platform's.
/// </summary>
public static class OrganisationAudit
{
    /// <summary>The resource type of these entries.</summary>
    public const string Resource = "organisation";

    /// <summary>
    /// An accepted command of <paramref name="caller"/>, acting as <paramref name="role"/>, about <paramref name="organisationId"/>;
    /// <paramref name="detail"/> says what (whose address, which roles, which client).
    /// </summary>
    public static AuditEntry Accepted(Caller caller, string role, string action, Guid organisationId, string detail, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return new(at, caller.Id, caller.Name, role, caller.OrganisationCode, action, Resource, organisationId, true, null, detail, null);
    }

    /// <summary>A command of someone not signed in (setting a password with a code), attributed to the account.</summary>
    public static AuditEntry ByAccount(TrialStartup.Data.Accounts.Account account, string action, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new(at, account.Id.ToString(), account.DisplayName, "", account.OrganisationCode, action, Resource, account.OrganisationId, true,
            null, account.Email, null);
    }
}
