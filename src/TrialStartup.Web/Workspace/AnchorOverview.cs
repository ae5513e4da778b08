namespace TrialStartup.Web.Workspace;

/// <summary>
/// The regional authority's dashboard: the part of <c>GET /api/v1/authority/anchors</c> the page shows (the API's JSON,
/// read as these records). Durations are calendar days, as the anchors are.
/// </summary>
/// <param name="From">The period's first day, when chosen.</param>
/// <param name="To">The period's last day, when chosen.</param>
/// <param name="Region">The covered institutions pooled.</param>
/// <param name="Institutions">Each covered institution, by code.</param>
public sealed record AnchorOverview(DateOnly? From, DateOnly? To, AnchorOverviewFigures? Region, IReadOnlyList<AnchorOverviewInstitution> Institutions);

/// <summary>One covered institution.</summary>
/// <param name="InstitutionId">Its id.</param>
/// <param name="InstitutionCode">Its code.</param>
/// <param name="InstitutionName">Its name in Chinese.</param>
/// <param name="InstitutionEnglishName">Its name in English.</param>
/// <param name="Figures">Its figures.</param>
public sealed record AnchorOverviewInstitution(Guid InstitutionId, string InstitutionCode, string InstitutionName, string InstitutionEnglishName,
    AnchorOverviewFigures Figures);

/// <summary>The figures of one row.</summary>
/// <param name="Activation">Sites activated, their median and the shares within the start-up anchors.</param>
/// <param name="Ethics">Ethics approvals and the share within 3 weeks.</param>
/// <param name="Recognition">Recognition of the lead's ethics approval.</param>
/// <param name="GreenChannel">Green-channel usage and contract days saved.</param>
/// <param name="Breaches">Turnaround targets breached.</param>
public sealed record AnchorOverviewFigures(AnchorOverviewActivation Activation, AnchorOverviewEthics Ethics, AnchorOverviewRecognition Recognition,
    AnchorOverviewGreenChannel GreenChannel, AnchorOverviewBreaches Breaches);

/// <summary>Start-up against the anchors.</summary>
/// <param name="Activated">Sites activated in the period.</param>
/// <param name="SubmissionToActivationCalendarDays">Their distribution.</param>
/// <param name="WithinAnchors">The shares within 28 weeks, 25 weeks and 150 days, in that order.</param>
public sealed record AnchorOverviewActivation(int Activated, AnchorOverviewDays SubmissionToActivationCalendarDays, IReadOnlyList<AnchorOverviewShare> WithinAnchors);

/// <summary>A distribution in calendar days.</summary>
/// <param name="Median">The median.</param>
/// <param name="P90">The 90th percentile.</param>
public sealed record AnchorOverviewDays(double? Median, double? P90);

/// <summary>The share within one anchor.</summary>
/// <param name="Anchor">The anchor's id.</param>
/// <param name="Share">From 0 to 1; null when nothing was measured.</param>
public sealed record AnchorOverviewShare(string Anchor, double? Share);

/// <summary>Ethics against 3 weeks.</summary>
/// <param name="Approved">Approvals in the period.</param>
/// <param name="WithinThreeWeeks">The share within 3 weeks.</param>
public sealed record AnchorOverviewEthics(int Approved, AnchorOverviewShare WithinThreeWeeks);

/// <summary>Recognition of the lead's ethics approval.</summary>
/// <param name="ParticipatingApprovals">Participating sites' approvals.</param>
/// <param name="RecognitionRate">The share by recognition.</param>
public sealed record AnchorOverviewRecognition(int ParticipatingApprovals, double? RecognitionRate);

/// <summary>The green channel.</summary>
/// <param name="GreenChannelShare">The share of submitted sites in it.</param>
/// <param name="MedianContractCalendarDaysSaved">Median contract days saved by the unified template.</param>
public sealed record AnchorOverviewGreenChannel(double? GreenChannelShare, double? MedianContractCalendarDaysSaved);

/// <summary>Breaches.</summary>
/// <param name="StepBreaches">Turnaround targets breached in the period.</param>
public sealed record AnchorOverviewBreaches(int StepBreaches);
