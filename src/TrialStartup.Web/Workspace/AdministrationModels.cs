namespace TrialStartup.Web.Workspace;

// The administrators' view of the API's answers: the same JSON as /api/v1 (people, setup codes, API clients, webhooks,
// the directory and onboarding), with the fields the administration pages show. Names and meanings follow the API's views.

/// <summary>The answer of a command whose page needs nothing of it but its success (<c>204 No Content</c>, or an answer it does not read).</summary>
public sealed record Done
{
    /// <summary>The one value.</summary>
    public static Done Value { get; } = new();
}

/// <summary>A person as their organisation's administrator sees them.</summary>
/// <param name="Id">The account id.</param>
/// <param name="Email">The e-mail address, also the user name.</param>
/// <param name="Name">The printed name.</param>
/// <param name="Roles">The roles held at the organisation.</param>
/// <param name="Status"><c>invited</c> (no password yet), <c>active</c>, <c>locked</c> or <c>deactivated</c>.</param>
/// <param name="TwoFactorEnabled">Whether sign-in asks for an authenticator code.</param>
/// <param name="LockedUntil">When a lockout ends.</param>
public sealed record Person(Guid Id, string Email, string Name, IReadOnlyList<string> Roles, string Status, bool TwoFactorEnabled,
    DateTimeOffset? LockedUntil)
{
    /// <summary>Whether the person was deactivated (nothing more can be done with the account).</summary>
    public bool Deactivated => Status == PersonStatuses.Deactivated;
}

/// <summary>The statuses of a person.</summary>
public static class PersonStatuses
{
    /// <summary>Invited: no password set yet.</summary>
    public const string Invited = "invited";

    /// <summary>Signs in.</summary>
    public const string Active = "active";

    /// <summary>Locked out for a while after wrong passwords.</summary>
    public const string Locked = "locked";

    /// <summary>Deactivated by the administrator.</summary>
    public const string Deactivated = "deactivated";
}

/// <summary>Who to invite (<c>POST /organisation/people</c>).</summary>
/// <param name="Email">Their e-mail address: also the user name they sign in with.</param>
/// <param name="Name">Their name as printed on signatures.</param>
/// <param name="Roles">The roles they hold.</param>
public sealed record Invitation(string? Email, string? Name, IReadOnlyList<string> Roles);

/// <summary>
/// A one-time code with which a person sets their password (<c>POST /api/v1/account/password</c> with their e-mail
/// address, the code and the new password). Shown once: the product keeps only its hash.
/// </summary>
/// <param name="Person">The person it is for.</param>
/// <param name="SetupCode">The code.</param>
/// <param name="ExpiresAt">When it stops working.</param>
public sealed record OneTimeSetupCode(Person Person, string SetupCode, DateTimeOffset ExpiresAt);

/// <summary>An API client of the organisation: a system that calls the API with the client credentials grant.</summary>
/// <param name="ClientId">The OAuth client id.</param>
/// <param name="Name">The system's name.</param>
/// <param name="Roles">The roles its tokens carry.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="CreatedBy">Who created it.</param>
/// <param name="RevokedAt">When it was revoked.</param>
public sealed record OrganisationApiClient(string ClientId, string Name, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt, string CreatedBy,
    DateTimeOffset? RevokedAt);

/// <summary>A new API client with its secret: the only time the secret is shown.</summary>
/// <param name="Client">The client.</param>
/// <param name="ClientSecret">The secret; the product keeps only a hash of it.</param>
/// <param name="TokenEndpoint">Where the system gets tokens (client credentials grant).</param>
public sealed record CreatedApiClient(OrganisationApiClient Client, string ClientSecret, string TokenEndpoint);

/// <summary>An event type a webhook can subscribe to (<c>GET /webhooks/event-types</c>); pages show its name in the person's language.</summary>
/// <param name="Type">Its name, as in each delivery's <c>type</c>, e.g. <c>step.opened</c>.</param>
/// <param name="Description">What it tells, in English.</param>
public sealed record WebhookEventType(string Type, string Description);

/// <summary>A webhook subscription of the organisation: an endpoint of its own that is told of the event types it chose.</summary>
/// <param name="Id">The subscription.</param>
/// <param name="Url">Where events are posted.</param>
/// <param name="EventTypes">What it receives.</param>
/// <param name="Description">What it is, for the people who look after it.</param>
/// <param name="Enabled">Whether deliveries are sent.</param>
/// <param name="DisabledReason"><c>disabled-by-administrator</c>, or <c>failing</c> when every delivery failed for a day.</param>
/// <param name="DisabledAt">When it was disabled.</param>
/// <param name="FailingSince">Since when every delivery has failed, while it does.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="CreatedBy">Who created it.</param>
public sealed record OrganisationWebhook(Guid Id, string Url, IReadOnlyList<string> EventTypes, string Description, bool Enabled,
    string? DisabledReason, DateTimeOffset? DisabledAt, DateTimeOffset? FailingSince, DateTimeOffset CreatedAt, string CreatedBy)
{
    /// <summary>Whether the product stopped it after every delivery failed for a day (rather than an administrator).</summary>
    public bool DisabledForFailing => !Enabled && DisabledReason == "failing";
}

/// <summary>A new webhook subscription with its signing secret: the only time the secret is shown.</summary>
/// <param name="Webhook">The subscription.</param>
/// <param name="Secret">The signing secret (<c>whsec_</c> and base64) the receiver verifies each delivery's signature with.</param>
public sealed record CreatedWebhook(OrganisationWebhook Webhook, string Secret);

/// <summary>One event posted (or to post) to a subscription (<c>GET /webhooks/{id}/deliveries</c>).</summary>
/// <param name="Id">The delivery.</param>
/// <param name="WebhookId">The <c>webhook-id</c> header, the same on every attempt.</param>
/// <param name="EventType">The event's type.</param>
/// <param name="OccurredAt">When the event happened.</param>
/// <param name="State"><c>pending</c>, <c>delivered</c> or <c>failed</c> (retries ran out).</param>
/// <param name="Attempts">How many times it was posted.</param>
/// <param name="NextAttemptAt">When it is posted next, while pending.</param>
/// <param name="DeliveredAt">When the endpoint took it.</param>
/// <param name="LastStatusCode">The endpoint's last HTTP status, if it answered.</param>
/// <param name="LastError">Why the last attempt failed.</param>
public sealed record WebhookDeliveryEntry(Guid Id, string WebhookId, string EventType, DateTimeOffset OccurredAt, string State, int Attempts,
    DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt, int? LastStatusCode, string? LastError)
{
    /// <summary>Whether the endpoint took it.</summary>
    public bool Delivered => State == "delivered";

    /// <summary>Whether its retries ran out (only a redelivery sends it again).</summary>
    public bool Failed => State == "failed";
}

/// <summary>The workflow definition an institution runs for each kind of site project (by definition id).</summary>
/// <param name="SingleSite">A single-site trial.</param>
/// <param name="Innovative">A single-site trial of an innovative drug or device (green channel).</param>
/// <param name="LeadSite">The lead site of a multi-center trial.</param>
/// <param name="ParticipatingSite">A participating site of a multi-center trial.</param>
public sealed record WorkflowChoices(string SingleSite, string Innovative, string LeadSite, string ParticipatingSite);

/// <summary>An institution as the directory lists it (<c>GET /institutions</c>).</summary>
/// <param name="Id">Its id.</param>
/// <param name="Code">Its code.</param>
/// <param name="Name">Its name in Chinese.</param>
/// <param name="EnglishName">Its name in English.</param>
/// <param name="EthicsCommittee">Its ethics committee.</param>
/// <param name="CalendarId">The working-day calendar of its targets.</param>
/// <param name="TimeZone">The IANA time zone its dates are in.</param>
/// <param name="RecognisesAllianceReviews">Whether it recognises its alliance's lead-site ethics reviews.</param>
/// <param name="Alliance">Its ethics alliance.</param>
/// <param name="Workflows">The workflow definitions it runs.</param>
public sealed record InstitutionEntry(Guid Id, string Code, string Name, string EnglishName, string EthicsCommittee, string CalendarId,
    string TimeZone, bool RecognisesAllianceReviews, string? Alliance, WorkflowChoices Workflows);

/// <summary>A sponsor or CRO as the directory lists it (<c>GET /sponsors</c>).</summary>
/// <param name="Id">Its id.</param>
/// <param name="Code">Its code.</param>
/// <param name="Name">Its name in Chinese.</param>
/// <param name="EnglishName">Its name in English.</param>
public sealed record SponsorEntry(Guid Id, string Code, string Name, string EnglishName);

/// <summary>Every registered organisation.</summary>
public sealed record RegisteredOrganisations(IReadOnlyList<InstitutionEntry> Institutions, IReadOnlyList<SponsorEntry> Sponsors);

/// <summary>An institution to register (<c>POST /institutions</c>), with its first administrator.</summary>
/// <param name="Code">A short stable code: lower-case letters, digits and hyphens, such as <c>bj-union</c>.</param>
/// <param name="Name">The name in Chinese.</param>
/// <param name="EnglishName">The name in English.</param>
/// <param name="EthicsCommitteeName">Its ethics committee's name.</param>
/// <param name="CalendarId">The working-day calendar.</param>
/// <param name="TimeZone">The IANA time zone; it must be the calendar's.</param>
/// <param name="Alliance">The ethics mutual-recognition alliance it belongs to, if any.</param>
/// <param name="RecognisesAllianceReviews">Whether its committee recognises the lead site's review within the alliance.</param>
/// <param name="Workflows">The workflow definitions it runs.</param>
/// <param name="AdministratorEmail">Its first administrator's e-mail address.</param>
/// <param name="AdministratorName">Its first administrator's printed name.</param>
public sealed record InstitutionRegistration(string? Code, string? Name, string? EnglishName, string? EthicsCommitteeName, string? CalendarId,
    string? TimeZone, string? Alliance, bool RecognisesAllianceReviews, WorkflowChoices Workflows, string? AdministratorEmail,
    string? AdministratorName);

/// <summary>A sponsor or CRO to register (<c>POST /sponsors</c>), with its first administrator.</summary>
/// <param name="Code">A short stable code, such as <c>acme-pharma</c>.</param>
/// <param name="Name">The name in Chinese.</param>
/// <param name="EnglishName">The name in English.</param>
/// <param name="AdministratorEmail">Its first administrator's e-mail address.</param>
/// <param name="AdministratorName">Its first administrator's printed name.</param>
public sealed record SponsorRegistration(string? Code, string? Name, string? EnglishName, string? AdministratorEmail, string? AdministratorName);

/// <summary>A registered institution and its administrator's one-time setup code.</summary>
public sealed record NewInstitution(InstitutionEntry Institution, OneTimeSetupCode Administrator);

/// <summary>A registered sponsor and its administrator's one-time setup code.</summary>
public sealed record NewSponsor(SponsorEntry Sponsor, OneTimeSetupCode Administrator);

/// <summary>An institution a regional authority covers, as the directory names it.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Code">Its code.</param>
/// <param name="Name">Its name in Chinese.</param>
/// <param name="EnglishName">Its name in English.</param>
public sealed record CoveredInstitutionEntry(Guid Id, string Code, string Name, string EnglishName);

/// <summary>A regional authority (卫健委/药监局) and the institutions it covers (<c>GET /authorities</c>).</summary>
/// <param name="Id">Its id.</param>
/// <param name="Code">Its code.</param>
/// <param name="Name">Its name in Chinese.</param>
/// <param name="EnglishName">Its name in English.</param>
/// <param name="Region">The region it oversees, in words.</param>
/// <param name="Coverage">The institutions it covers, by code.</param>
public sealed record AuthorityEntry(Guid Id, string Code, string Name, string EnglishName, string Region, IReadOnlyList<CoveredInstitutionEntry> Coverage);

/// <summary>A regional authority to register (<c>POST /authorities</c>), with the institutions it covers and its first administrator.</summary>
/// <param name="Code">A short stable code, such as <c>bj-nhc</c>.</param>
/// <param name="Name">The name in Chinese, such as 北京市卫生健康委员会.</param>
/// <param name="EnglishName">The name in English.</param>
/// <param name="Region">The region it oversees, in words.</param>
/// <param name="InstitutionIds">The institutions it covers (at least one).</param>
/// <param name="AdministratorEmail">Its first administrator's e-mail address.</param>
/// <param name="AdministratorName">Its first administrator's printed name.</param>
public sealed record AuthorityRegistration(string? Code, string? Name, string? EnglishName, string? Region, IReadOnlyList<Guid> InstitutionIds,
    string? AdministratorEmail, string? AdministratorName);

/// <summary>A registered regional authority and its administrator's one-time setup code.</summary>
public sealed record NewAuthority(AuthorityEntry Authority, OneTimeSetupCode Administrator);

/// <summary>What the institution form offers: the values <c>POST /institutions</c> accepts.</summary>
/// <param name="Calendars">The working-day calendars, each with the time zone it counts in.</param>
/// <param name="DefaultCalendarId">The calendar taken when none is given.</param>
/// <param name="Workflows">The published workflow definitions (latest version of each).</param>
/// <param name="DefaultWorkflows">The definitions each kind of project runs when none is given.</param>
/// <param name="Alliances">The ethics alliances registered institutions already belong to.</param>
public sealed record OnboardingChoices(IReadOnlyList<CalendarChoice> Calendars, string DefaultCalendarId, IReadOnlyList<WorkflowChoice> Workflows,
    WorkflowChoices DefaultWorkflows, IReadOnlyList<string> Alliances);

/// <summary>A working-day calendar.</summary>
/// <param name="Id">Its id, e.g. <c>cn-mainland</c>.</param>
/// <param name="Name">Its name.</param>
/// <param name="TimeZone">The IANA time zone it counts working days in.</param>
public sealed record CalendarChoice(string Id, string Name, string TimeZone);

/// <summary>A published workflow definition.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Version">Its latest published version.</param>
/// <param name="Title">Its title, if it has one.</param>
public sealed record WorkflowChoice(string Id, int Version, string? Title);

/// <summary>What a walk of every hash chain found (<c>POST /audit/verification</c>).</summary>
/// <param name="Intact">True when every link of every chain holds (and the anchor, when given, is among the checkpoints).</param>
/// <param name="Summary">The API's one line, in English: kept for the record, the page says it in the person's language.</param>
/// <param name="Tables">Per table walked (up to a break): how many chains and links.</param>
/// <param name="Broken">The first broken link, when there is one.</param>
/// <param name="Seconds">How long the walk took.</param>
public sealed record ChainVerification(bool Intact, string Summary, IReadOnlyList<ChainTableWalked> Tables, ChainBrokenLink? Broken, double Seconds);

/// <summary>The chains and links walked in one table.</summary>
/// <param name="Table"><c>Events</c>, <c>Audit</c>, <c>Decisions</c>, <c>Documents</c> or <c>ChainCheckpoints</c>.</param>
/// <param name="Chains">How many chains.</param>
/// <param name="Links">How many links.</param>
public sealed record ChainTableWalked(string Table, long Chains, long Links);

/// <summary>The first link of a chain that does not hold.</summary>
/// <param name="Table">The table of the chain.</param>
/// <param name="Chain">The chain: a stream id, or a resource such as <c>site-project/{id}</c>.</param>
/// <param name="Sequence">The link at which it breaks.</param>
/// <param name="Kind">altered, missing, out-of-order, unlinked, truncated, rewritten, event-mismatch, document-mismatch or anchor-not-found.</param>
/// <param name="ExpectedHash">The hash the content and its predecessor give, or that a checkpoint recorded.</param>
/// <param name="FoundHash">The hash found.</param>
public sealed record ChainBrokenLink(string Table, string Chain, long Sequence, string Kind, string? ExpectedHash, string? FoundHash);

/// <summary>A day's checkpoint of every hash chain (<c>GET /audit/checkpoints</c>).</summary>
/// <param name="Sequence">Its place in the checkpoints' own chain.</param>
/// <param name="Day">The UTC day it anchors.</param>
/// <param name="TakenAt">When it was recorded.</param>
/// <param name="Heads">How many chain heads it recorded (the chains that moved since the previous one).</param>
/// <param name="Intact">Whether every chain held when it was recorded.</param>
/// <param name="Verification">What verification reported then, in one line (the API's English).</param>
/// <param name="Hash">The hash to keep outside the database and give to <c>audit verify --anchor</c>.</param>
public sealed record ChainCheckpointEntry(long Sequence, DateOnly Day, DateTimeOffset TakenAt, int Heads, bool Intact, string Verification, string Hash);
