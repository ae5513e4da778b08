namespace TrialStartup.Api.Auth;

/// <summary>The claims TrialStartup's tokens carry. Short names, because tokens travel in every request header.</summary>
public static class TrialStartupClaims
{
    /// <summary>The person's account id, or an API client's client id.</summary>
    public const string Subject = "sub";
    /// <summary>The printed name decisions are signed with.</summary>
    public const string Name = "name";
    /// <summary>A role (one claim per role; see <c>AccountRoles</c>).</summary>
    public const string Role = "role";
    /// <summary>The organisation's code.</summary>
    public const string Organisation = "org";
    /// <summary>The organisation's id.</summary>
    public const string OrganisationId = "org_id";
    /// <summary><c>institution</c>, <c>sponsor</c> or <c>platform</c>.</summary>
    public const string OrganisationType = "org_type";
    /// <summary><c>person</c> or <c>system</c> (an API client with client credentials).</summary>
    public const string PrincipalType = "principal_type";
    /// <summary>When the person last proved who they are (OpenID Connect <c>auth_time</c>, Unix seconds).</summary>
    public const string AuthenticationTime = "auth_time";
    /// <summary>When the token was issued (Unix seconds).</summary>
    public const string IssuedAt = "iat";
    /// <summary>The audience of TrialStartup's API: the resource its tokens are issued for.</summary>
    public const string Audience = "trialstartup-api";

    /// <summary>
    /// The account's security stamp when the browser signed in (the session cookie only, never a token): a new password,
    /// a reset or a deactivation changes the stamp, which ends every browser session of the account.
    /// </summary>
    public const string SessionStamp = "session_stamp";
    /// <summary>The scope that asks for API access.</summary>
    public const string ApiScope = "api";
}
