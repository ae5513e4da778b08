namespace TrialStartup.Api.Monitoring;

/// <summary>
/// One site project's start-up cycle time: from the dossier's submission to the site's activation (or to now while it
/// runs, or to its end when it ended otherwise), and the time split by who held the work. <see cref="HeldDays"/> is
/// holder-time: reviews run in parallel, so its parts overlap and can add up to more than <see cref="ElapsedDays"/>.
/// </summary>
/// <param name="TrialId">The trial.</param>
/// <param name="ProtocolNumber">The trial's protocol number.</param>
/// <param name="SiteProjectId">The site project.</param>
/// <param name="InstitutionId">The site's institution.</param>
/// <param name="InstitutionCode">The institution's code.</param>
/// <param name="SiteRole">single, lead or participating.</param>
/// <param name="Track">The workflow definition the project runs.</param>
/// <param name="Status">running, suspended or ended.</param>
/// <param name="Result">How it ended: activated, disapproved, terminated …; <c>null</c> while it runs.</param>
/// <param name="SubmittedAt">When the dossier was submitted and the workflow started.</param>
/// <param name="ActivatedAt">When the site was activated; <c>null</c> until then (and for a project that ended otherwise).</param>
/// <param name="MeasuredUntil">Where the figures stop: the activation, the end, or the time of the request while it runs.</param>
/// <param name="InProgress">The project has not ended: the figures run to the time of the request and will grow.</param>
/// <param name="ElapsedDays">Calendar days (24-hour days) from submission to <paramref name="MeasuredUntil"/>.</param>
/// <param name="ElapsedWorkingDays">Working days of the institution's calendar in that span; <c>null</c> when not computable (see <paramref name="WorkingDaysNote"/>).</param>
/// <param name="HeldDays">Calendar days each kind of holder held the work (overlapping: see <see cref="HeldTime"/>).</param>
/// <param name="HeldWorkingDays">The same in working days, stretch by stretch; <c>null</c> when not computable.</param>
/// <param name="WorkingDaysNote">Why the working-day figures are <c>null</c>, such as a date outside the calendar.</param>
public sealed record CycleTimeRow(Guid TrialId, string ProtocolNumber, Guid SiteProjectId, Guid InstitutionId, string InstitutionCode,
    string SiteRole, string Track, string Status, string? Result, DateTimeOffset SubmittedAt, DateTimeOffset? ActivatedAt,
    DateTimeOffset MeasuredUntil, bool InProgress, double ElapsedDays, int? ElapsedWorkingDays, HeldTime HeldDays, HeldTime? HeldWorkingDays,
    string? WorkingDaysNote)
{
    /// <summary>The CSV columns, in order: the holder split flattened.</summary>
    internal static IReadOnlyList<string> CsvHeader { get; } =
    [
        "trialId", "protocolNumber", "siteProjectId", "institutionId", "institutionCode", "siteRole", "track", "status", "result",
        "submittedAt", "activatedAt", "measuredUntil", "inProgress", "elapsedDays", "elapsedWorkingDays",
        "siteHeldDays", "committeeHeldDays", "sponsorHeldDays", "waitingForLeadDays", "suspendedDays", "waitingForMeetingDays",
        "siteHeldWorkingDays", "committeeHeldWorkingDays", "sponsorHeldWorkingDays", "waitingForLeadWorkingDays", "suspendedWorkingDays",
        "waitingForMeetingWorkingDays",
        "workingDaysNote",
    ];

    /// <summary>The row's CSV fields, in <see cref="CsvHeader"/> order.</summary>
    internal IReadOnlyList<object?> CsvFields =>
    [
        TrialId, ProtocolNumber, SiteProjectId, InstitutionId, InstitutionCode, SiteRole, Track, Status, Result,
        SubmittedAt, ActivatedAt, MeasuredUntil, InProgress, ElapsedDays, ElapsedWorkingDays,
        HeldDays.Site, HeldDays.Committee, HeldDays.Sponsor, HeldDays.WaitingForLead, HeldDays.Suspended, HeldDays.WaitingForMeeting,
        HeldWorkingDays?.Site, HeldWorkingDays?.Committee, HeldWorkingDays?.Sponsor, HeldWorkingDays?.WaitingForLead, HeldWorkingDays?.Suspended,
        HeldWorkingDays?.WaitingForMeeting,
        WorkingDaysNote,
    ];
}
