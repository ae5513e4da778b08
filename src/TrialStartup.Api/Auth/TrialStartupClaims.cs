namespace TrialStartup.Api.Auth;

/// <summary>The claims TrialStartup's tokens carry. Short names, because tokens travel in every request header.</summary>
public static class TrialStartupClaims
{
    /// <summary>The person's id.</summary>
    public const string Subject = "sub";
    /// <summary>The printed name decisions are signed with.</summary>
    public const string Name = "name";
    /// <summary>The role (see <c>Roles</c>), or <see cref="AdministratorRole"/>.</summary>
    public const string Role = "role";

    /// <summary>TrialStartup's operators: the timer dashboard and other administration surfaces.</summary>
    public const string AdministratorRole = "administrator";
    /// <summary>The organisation's code.</summary>
    public const string Organisation = "org";
    /// <summary>The organisation's id.</summary>
    public const string OrganisationId = "org_id";
    /// <summary><c>institution</c> or <c>sponsor</c>.</summary>
    public const string OrganisationType = "org_type";
    /// <summary>The issuer of locally minted tokens.</summary>
    public const string Issuer = "trialstartup-local";
    /// <summary>The audience of TrialStartup's API.</summary>
    public const string Audience = "trialstartup-api";
}
