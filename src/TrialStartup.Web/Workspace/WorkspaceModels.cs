namespace TrialStartup.Web.Workspace;

// The workspace's view of the API's answers: the same JSON as /api/v1 (the host hands them over as that JSON), with
// only the fields the pages show. Names and meanings follow the API's views; see the OpenAPI document for each field.

/// <summary>A page of a list, as every list endpoint answers.</summary>
public sealed record Paged<T>(int PageNumber, int PageSize, int Total, IReadOnlyList<T> Items);

/// <summary>The signed-in person.</summary>
/// <param name="Id">The account id.</param>
/// <param name="Name">The registered (printed) name.</param>
/// <param name="Email">The sign-in address.</param>
/// <param name="Roles">Every role held (account roles, e.g. <c>ethics-secretary</c>, and the workflow roles they act in).</param>
/// <param name="OrganisationKind">institution, sponsor or platform.</param>
/// <param name="OrganisationId">The organisation's id.</param>
/// <param name="OrganisationName">The organisation's Chinese name.</param>
/// <param name="OrganisationEnglishName">The organisation's English name.</param>
/// <param name="TimeZone">The IANA time zone dates are shown in: the institution's, or China's for sponsors and the platform.</param>
public sealed record Me(string Id, string Name, string Email, IReadOnlySet<string> Roles, string OrganisationKind, Guid OrganisationId,
    string OrganisationName, string OrganisationEnglishName, string TimeZone)
{
    /// <summary>Whether the person holds <paramref name="role"/>.</summary>
    public bool Has(string role) => Roles.Contains(role);

    /// <summary>Whether the person works for an institution.</summary>
    public bool IsInstitution => OrganisationKind == "institution";

    /// <summary>Whether the person works for a sponsor.</summary>
    public bool IsSponsor => OrganisationKind == "sponsor";
}

/// <summary>How the signed-in person signs in.</summary>
/// <param name="TwoFactorEnabled">Whether sign-in asks for an authenticator code; null when the account is not this installation's (an external provider's).</param>
public sealed record AccountSecurity(bool? TwoFactorEnabled)
{
    /// <summary>Whether the password and the authenticator are managed here.</summary>
    public bool ManagedHere => TwoFactorEnabled is not null;
}

/// <summary>What an authenticator app needs: scan <paramref name="AuthenticatorUri"/> as a QR code or type <paramref name="SharedKey"/>.</summary>
/// <param name="SharedKey">The secret, in groups of four.</param>
/// <param name="AuthenticatorUri">The <c>otpauth://totp/…</c> address the QR code carries.</param>
public sealed record AuthenticatorSetup(string SharedKey, string AuthenticatorUri);

/// <summary>Organisations by id, with both names.</summary>
public sealed record OrganisationDirectory(IReadOnlyDictionary<Guid, OrganisationName> Institutions, IReadOnlyDictionary<Guid, OrganisationName> Sponsors)
{
    /// <summary>An institution's name in the current language, or its id when unknown.</summary>
    public string Institution(Guid id, bool chinese) => Institutions.TryGetValue(id, out var name) ? name.In(chinese) : id.ToString();

    /// <summary>A sponsor's name in the current language, or its id when unknown.</summary>
    public string Sponsor(Guid id, bool chinese) => Sponsors.TryGetValue(id, out var name) ? name.In(chinese) : id.ToString();

    /// <summary>
    /// The time zone an institution's dates are shown in (its own, as its calendar counts working days), or
    /// <paramref name="fallback"/> when the institution is unknown here.
    /// </summary>
    public string? TimeZoneOf(Guid? institutionId, string? fallback) =>
        institutionId is { } id && Institutions.TryGetValue(id, out var name) && name.TimeZone is { Length: > 0 } zone ? zone : fallback;

    /// <summary>The code of the institution or sponsor <paramref name="organisationId"/>, if known here.</summary>
    public string? CodeOf(Guid organisationId) =>
        (Institutions.GetValueOrDefault(organisationId) ?? Sponsors.GetValueOrDefault(organisationId))?.Code;

    /// <summary>The institution or sponsor with <paramref name="code"/> (the code events and audit entries name them by), if known here.</summary>
    public OrganisationName? WithCode(string code) => Institutions.Values.Concat(Sponsors.Values).FirstOrDefault(o => o.Code == code);
}

/// <summary>An organisation's names.</summary>
/// <param name="Code">Its code.</param>
/// <param name="Chinese">Its Chinese name.</param>
/// <param name="English">Its English name.</param>
/// <param name="TimeZone">Its time zone (institutions).</param>
public sealed record OrganisationName(string Code, string Chinese, string English, string? TimeZone = null)
{
    /// <summary>The name in the current language.</summary>
    public string In(bool chinese) => chinese || English.Length == 0 ? Chinese : English;
}

/// <summary>A trial and the status of each of its sites (an institution sees only its own, and the project it registered).</summary>
public sealed record Trial(Guid Id, string ProtocolNumber, string Title, string Phase, string ProductType, bool Innovative, bool MultiCenter,
    Guid? LeadInstitutionId, IReadOnlyList<Guid> SiteInstitutionIds, IReadOnlyList<SiteStatus> Sites, Guid? OwnSiteProjectId = null);

/// <summary>The values a new trial's phase and product type take.</summary>
public sealed record TrialChoices(IReadOnlyList<string> Phases, IReadOnlyList<string> ProductTypes);

/// <summary>A trial a sponsor registers.</summary>
/// <param name="Phase">I, II, III, IV or BE.</param>
/// <param name="ProductType">drug, device or ivd.</param>
/// <param name="SiteInstitutionIds">One institution for a single-center trial; the lead and every participating site otherwise.</param>
public sealed record NewTrial(string ProtocolNumber, string Title, string Phase, string ProductType, bool Innovative, bool MultiCenter,
    IReadOnlyList<Guid> SiteInstitutionIds, Guid? LeadInstitutionId);

/// <summary>Where one site project stands.</summary>
/// <param name="NextDueAt">The earliest deadline among its open tasks.</param>
public sealed record SiteStatus(Guid SiteProjectId, Guid InstitutionId, string Status, string? Result, string Priority,
    IReadOnlyList<string> CurrentSteps, IReadOnlyList<string> Holders, bool WaitingForLead, long Version, DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt, DateTimeOffset? NextDueAt = null);

/// <summary>A site project as registered.</summary>
public sealed record ProjectSummary(Guid Id, Guid TrialId, Guid InstitutionId, Guid SponsorId, string SiteRole, string DefinitionId,
    DateTimeOffset CreatedAt, DateTimeOffset? SubmittedAt);

/// <summary>A site project with everything its page shows.</summary>
public sealed record ProjectDetail(ProjectSummary Project, SiteStatus? Status, IReadOnlyList<OpenTask> OpenTasks, IReadOnlyList<Deadline> Deadlines,
    IReadOnlyList<StepTime> StepTimes, IReadOnlyList<HistoryEntry> History);

/// <summary>An open task: who holds it, since when, and until when.</summary>
/// <param name="WorkingDaysLeft">Working days until the deadline in the institution's calendar (negative once overdue).</param>
/// <param name="Urgency">on-time, warning (past the step's warning point) or breach (past its target).</param>
/// <param name="ProtocolNumber">The trial's protocol number.</param>
/// <param name="TrialTitle">The trial's title.</param>
/// <param name="HandedOverBy">Who handed the task over; null on a task opened before the product kept it.</param>
public sealed record OpenTask(Guid SiteProjectId, Guid TrialId, Guid InstitutionId, string StepId, string Role, bool HeldBySubmitter, int Round,
    string Priority, DateTimeOffset OpenedAt, DateTimeOffset? DueAt, bool DueProvisional, long Version, int? WorkingDaysLeft = null,
    string Urgency = Urgencies.OnTime, string? ProtocolNumber = null, string? TrialTitle = null, TaskHandOver? HandedOverBy = null);

/// <summary>Who handed a task over: a person, or the product itself (role <c>system</c>) for a deadline or a signal.</summary>
/// <param name="Id">The person's id, or <c>system</c>.</param>
/// <param name="Name">Their printed name.</param>
/// <param name="Role">The role they acted in.</param>
/// <param name="Organisation">The code of the organisation they acted for.</param>
public sealed record TaskHandOver(string Id, string Name, string Role, string Organisation);

/// <summary>How close a task is to its turnaround target.</summary>
public static class Urgencies
{
    /// <summary>Before the step's warning point.</summary>
    public const string OnTime = "on-time";

    /// <summary>Past the warning point, before the target.</summary>
    public const string Warning = "warning";

    /// <summary>Past the target.</summary>
    public const string Breach = "breach";
}

/// <summary>A deadline armed for a task.</summary>
public sealed record Deadline(string StepId, int Round, string Kind, DateTimeOffset DueAt, bool Provisional, string State, DateTimeOffset ArmedAt,
    DateTimeOffset? ClosedAt);

/// <summary>A step that closed: who held it, how long, and how it ended.</summary>
public sealed record StepTime(string StepId, int Round, string HeldBy, DateTimeOffset OpenedAt, DateTimeOffset ClosedAt, string Outcome);

/// <summary>One event of the project's history.</summary>
/// <param name="Event">The event as the API writes it (its <c>stepId</c>, <c>outcome</c>, <c>by</c> and so on).</param>
public sealed record HistoryEntry(long Version, DateTimeOffset At, string Type, System.Text.Json.JsonElement Event)
{
    /// <summary>The step the event is about, if any.</summary>
    public string? StepId => Text("stepId");

    /// <summary>The outcome it records, if any.</summary>
    public string? Outcome => Text("outcome");

    /// <summary>Who acted, if a person or system did.</summary>
    public string? ByName => Event.ValueKind == System.Text.Json.JsonValueKind.Object && Event.TryGetProperty("by", out var by)
        && by.ValueKind == System.Text.Json.JsonValueKind.Object && by.TryGetProperty("name", out var name) ? name.GetString() : null;

    private string? Text(string property) =>
        Event.ValueKind == System.Text.Json.JsonValueKind.Object && Event.TryGetProperty(property, out var value)
        && value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString() : null;
}

/// <summary>A project's dossier.</summary>
/// <param name="Kinds">The kinds a dossier holds, in reading order (set by the host).</param>
/// <param name="MaxBytes">The largest document the host accepts (set by the host).</param>
public sealed record Dossier(Guid SiteProjectId, bool UploadsOpen, IReadOnlyList<string> MissingRequired, IReadOnlyList<DossierDocument> Latest,
    IReadOnlyList<DossierDocument> Versions, IReadOnlyList<string>? Kinds = null, long MaxBytes = 0);

/// <summary>One version of one document.</summary>
public sealed record DossierDocument(Guid Id, string Kind, int Version, string FileName, string ContentType, long Size, string Sha256,
    DateTimeOffset UploadedAt, string UploadedBy);

/// <summary>What a decision on a task may say.</summary>
/// <param name="StepId">The task's step.</param>
/// <param name="Round">Its round.</param>
/// <param name="Outcomes">The outcomes the definition allows.</param>
/// <param name="NeedsReviewType">Whether the step needs the review type (ethics: full-board or expedited).</param>
/// <param name="ReviewTypes">The review types to choose from.</param>
/// <param name="SignerName">The name the signature will print.</param>
public sealed record DecisionForm(string StepId, int Round, IReadOnlyList<string> Outcomes, bool NeedsReviewType, IReadOnlyList<string> ReviewTypes,
    string SignerName);

/// <summary>A decision to sign.</summary>
public sealed record Decision(string StepId, int Round, string Outcome, string? Reason, string? ReviewType, string Meaning, string Password);

/// <summary>A recorded decision with its signature.</summary>
public sealed record SignedDecision(Guid Id, string StepId, int Round, string Outcome, string? Reason, string PrintedName, string SignatureMeaning,
    DateTimeOffset SignedAt, string ActorRole, IReadOnlyList<CoveredDocument> Documents);

/// <summary>A document version a signature covered.</summary>
public sealed record CoveredDocument(string Kind, int Version, string Sha256);

/// <summary>A deadline warning or breach, with its trial's protocol number and title (the workspace adds them, as to the inbox).</summary>
public sealed record Alert(Guid Id, string Kind, string Role, string HolderRole, bool Escalation, Guid SiteProjectId, Guid TrialId,
    Guid InstitutionId, string StepId, int Round, DateTimeOffset DueAt, DateTimeOffset FiredAt, DateTimeOffset? AcknowledgedAt, bool Open,
    string? ProtocolNumber = null, string? TrialTitle = null);

/// <summary>One entry of the audit trail.</summary>
public sealed record AuditEntry(long Id, DateTimeOffset At, string ActorName, string Role, string Organisation, string Action, bool Accepted,
    string? Outcome, string? Reason);

/// <summary>A multi-center trial's green channel: each site's ethics path and what it waited for.</summary>
public sealed record GreenChannel(Guid TrialId, Guid? LeadSiteProjectId, double? LeadContractNegotiationDays, IReadOnlyList<GreenChannelSite> Sites);

/// <summary>One site of the green channel.</summary>
public sealed record GreenChannelSite(Guid SiteProjectId, Guid InstitutionId, string SiteRole, string Status, string? Result, bool WaitingForLead,
    string? EthicsPath, DateTimeOffset? LeadApprovalReceivedAt, DateTimeOffset? UnifiedTemplateReceivedAt, double WaitedForLeadDays,
    double? ContractDays, double? ContractDaysSaved);

/// <summary>A project's workflow as the page draws it: stages in order; a parallel stage has one lane per review.</summary>
/// <param name="DefinitionTitle">The definition's title.</param>
/// <param name="Stages">The stages from submission to activation.</param>
public sealed record ProjectPath(string DefinitionTitle, IReadOnlyList<PathStage> Stages);

/// <summary>One stage: a single step, or parallel lanes.</summary>
/// <param name="Id">The step id (of the parallel step for lanes).</param>
/// <param name="Lanes">The lanes of a parallel stage; one lane holding the step otherwise.</param>
public sealed record PathStage(string Id, IReadOnlyList<PathLane> Lanes);

/// <summary>One lane of a stage.</summary>
/// <param name="Id">The branch id (approval, ethics, contract), or the step id.</param>
/// <param name="Steps">The lane's steps in order.</param>
public sealed record PathLane(string Id, IReadOnlyList<PathStep> Steps);

/// <summary>One step and its state for this project.</summary>
/// <param name="Id">The step id.</param>
/// <param name="Role">The role that holds it (tasks).</param>
/// <param name="State">open, done or pending.</param>
/// <param name="Outcome">How it last ended, when done.</param>
/// <param name="TargetWorkingDays">Its turnaround target (tasks).</param>
/// <param name="RevisedBy">The role a change request of this task goes back to, when it may ask for changes.</param>
/// <param name="EndingOutcomes">The outcomes that end the project here instead of going on (a disapproval).</param>
public sealed record PathStep(string Id, string? Role, string State, string? Outcome, int? TargetWorkingDays = null, string? RevisedBy = null,
    IReadOnlyList<string>? EndingOutcomes = null);

/// <summary>An institution's turnaround per step and track.</summary>
public sealed record StepTurnaround(Guid InstitutionId, string CalendarId, DateOnly? From, DateOnly? To, string Basis, IReadOnlyList<StepTurnaroundRow> Rows);

/// <summary>One step of one track: how long it took against its target.</summary>
public sealed record StepTurnaroundRow(string Track, string StepId, int? TargetWorkingDays, int Count, double? MedianWorkingDays, double? P90WorkingDays,
    int? WithinTarget, double? ShareWithinTarget, int CurrentBreaches);

/// <summary>Submission to activation per site.</summary>
public sealed record CycleTimes(string Basis, IReadOnlyList<CycleTimeRow> Sites);

/// <summary>One site's cycle time and who held it.</summary>
public sealed record CycleTimeRow(Guid TrialId, string ProtocolNumber, Guid SiteProjectId, Guid InstitutionId, string InstitutionCode, string SiteRole,
    string Status, string? Result, DateTimeOffset SubmittedAt, DateTimeOffset? ActivatedAt, bool InProgress, double ElapsedDays, HeldTime HeldDays);

/// <summary>Days held by each party.</summary>
public sealed record HeldTime(double Site, double Committee, double Sponsor, double WaitingForLead, double Suspended, double WaitingForMeeting = 0);

/// <summary>A site project's activation forecast: the dates reached by 50, 80 and 95 % of the activating runs.</summary>
public sealed record SiteForecast(Guid SiteProjectId, Guid InstitutionId, string Status, int Runs, DateOnly? P50, DateOnly? P80, DateOnly? P95,
    IReadOnlyList<ForecastOutcome> Outcomes, IReadOnlyList<ForecastStep> Steps);

/// <summary>The chance of one end result.</summary>
public sealed record ForecastOutcome(string Result, double Probability);

/// <summary>Where one remaining step's figures came from: institution, all-institutions, target, none, or lead-site (a wait ended by the lead site's own forecast).</summary>
public sealed record ForecastStep(string StepId, string Kind, string Source, int Samples);

/// <summary>When k of a trial's sites will be active, for k = 1..n, with each site's forecast.</summary>
public sealed record TrialForecast(IReadOnlyList<SitesActive> Activations, IReadOnlyList<SiteForecast> Sites);

/// <summary>The chance that <see cref="Sites"/> sites activate, and the p50 and p80 dates of that many.</summary>
public sealed record SitesActive(int Sites, double Probability, DateOnly? P50, DateOnly? P80);
