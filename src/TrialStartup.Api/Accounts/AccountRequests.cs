namespace TrialStartup.Api.Accounts;

// Request bodies of the accounts and onboarding endpoints. Every member is optional to the JSON reader, so a missing
// one is reported by name (400 naming the field) rather than as an unreadable body.

/// <summary>Invites a person to the caller's organisation.</summary>
/// <param name="Email">Their e-mail address: also the user name they sign in with.</param>
/// <param name="Name">Their name as printed on signatures.</param>
/// <param name="Roles">The roles they hold (see <c>GET /api/v1/organisation</c> for those the organisation may grant).</param>
public sealed record InvitePersonRequest(string? Email = null, string? Name = null, IReadOnlyList<string>? Roles = null);

/// <summary>Replaces a person's roles.</summary>
/// <param name="Roles">Every role the person holds from now on.</param>
public sealed record RolesRequest(IReadOnlyList<string>? Roles = null);

/// <summary>Sets a password with a one-time code (an invitation's or an administrator's reset).</summary>
/// <param name="Email">The account's e-mail address.</param>
/// <param name="SetupCode">The code the administrator handed over.</param>
/// <param name="Password">The new password.</param>
public sealed record SetPasswordRequest(string? Email = null, string? SetupCode = null, string? Password = null);

/// <summary>A signed-in person changes their own password.</summary>
/// <param name="CurrentPassword">The password they signed in with (a wrong one counts towards the lockout, as at sign-in).</param>
/// <param name="NewPassword">The new password, by the same rules as a first one.</param>
public sealed record ChangePasswordRequest(string? CurrentPassword = null, string? NewPassword = null);

/// <summary>Confirms the authenticator app with a code it shows.</summary>
/// <param name="Code">The 6-digit code.</param>
public sealed record AuthenticatorCodeRequest(string? Code = null);

/// <summary>The first administrator of a new organisation.</summary>
/// <param name="Email">Their e-mail address.</param>
/// <param name="Name">Their printed name.</param>
public sealed record AdministratorRequest(string? Email = null, string? Name = null);

/// <summary>The workflow definitions an institution runs per kind of site project; missing ones take the shipped defaults.</summary>
/// <param name="SingleSite">A single-site trial.</param>
/// <param name="Innovative">A single-site trial of an innovative product.</param>
/// <param name="LeadSite">The lead site of a multi-center trial.</param>
/// <param name="ParticipatingSite">A participating site.</param>
public sealed record WorkflowsRequest(string? SingleSite = null, string? Innovative = null, string? LeadSite = null, string? ParticipatingSite = null);

/// <summary>Registers an institution (platform administrators).</summary>
/// <param name="Code">A short stable code: lower-case letters, digits and hyphens, such as <c>bj-union</c>.</param>
/// <param name="Name">The name in Chinese.</param>
/// <param name="EnglishName">The name in English.</param>
/// <param name="EthicsCommitteeName">Its ethics committee's name.</param>
/// <param name="CalendarId">The working-day calendar (default <c>cn-mainland</c>).</param>
/// <param name="TimeZone">The IANA time zone; it must be the calendar's (default: the calendar's).</param>
/// <param name="Alliance">The ethics mutual-recognition alliance it belongs to, if any.</param>
/// <param name="RecognisesAllianceReviews">Whether its committee recognises the lead site's review within the alliance.</param>
/// <param name="Workflows">The workflow definitions it runs.</param>
/// <param name="Administrator">Its first administrator, who invites everyone else.</param>
public sealed record RegisterInstitutionRequest(string? Code = null, string? Name = null, string? EnglishName = null,
    string? EthicsCommitteeName = null, string? CalendarId = null, string? TimeZone = null, string? Alliance = null,
    bool? RecognisesAllianceReviews = null, WorkflowsRequest? Workflows = null, AdministratorRequest? Administrator = null);

/// <summary>Registers a sponsor or CRO (platform administrators).</summary>
/// <param name="Code">A short stable code, such as <c>acme-pharma</c>.</param>
/// <param name="Name">The name in Chinese.</param>
/// <param name="EnglishName">The name in English.</param>
/// <param name="Administrator">Its first administrator.</param>
public sealed record RegisterSponsorRequest(string? Code = null, string? Name = null, string? EnglishName = null,
    AdministratorRequest? Administrator = null);

/// <summary>Creates an API client for a system of the caller's organisation.</summary>
/// <param name="Name">The system's name, printed where it acts.</param>
/// <param name="Roles">The roles its tokens carry (not <c>org-admin</c>).</param>
public sealed record CreateApiClientRequest(string? Name = null, IReadOnlyList<string>? Roles = null);
