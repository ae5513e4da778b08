namespace TrialStartup.Api.Anchors;

/// <summary>
/// A published start-up time target the figures are measured against. Every limit is in calendar days (weeks × 7):
/// the anchors are stated in calendar weeks and days, not in working days.
/// </summary>
/// <param name="Id">A stable id: beijing-28-weeks, shanghai-25-weeks, uk-150-days, ethics-3-weeks.</param>
/// <param name="Measure">What it limits: submission-to-activation, or ethics (the ethics review's first opening to its approval).</param>
/// <param name="LimitCalendarDays">The limit in calendar days; a project is within it when it took no more.</param>
/// <param name="Source">Who set it, in words.</param>
public sealed record StartupAnchor(string Id, string Measure, int LimitCalendarDays, string Source)
{
    /// <summary>The measure from the dossier's submission to the site's activation.</summary>
    public const string SubmissionToActivation = "submission-to-activation";

    /// <summary>The measure of the ethics review, from its first opening to its approval.</summary>
    public const string Ethics = "ethics";

    /// <summary>Beijing: start-up within 28 weeks.</summary>
    public static StartupAnchor Beijing { get; } = new("beijing-28-weeks", SubmissionToActivation, 28 * 7, "Beijing municipal target, 28 weeks");

    /// <summary>Shanghai: start-up within 25 weeks.</summary>
    public static StartupAnchor Shanghai { get; } = new("shanghai-25-weeks", SubmissionToActivation, 25 * 7, "Shanghai municipal target, 25 weeks");

    /// <summary>The UK's 150-day target.</summary>
    public static StartupAnchor UnitedKingdom { get; } = new("uk-150-days", SubmissionToActivation, 150, "UK target, 150 days");

    /// <summary>Ethics within 3 weeks (the Beijing and Shanghai anchors).</summary>
    public static StartupAnchor EthicsReview { get; } = new("ethics-3-weeks", Ethics, 3 * 7, "Beijing and Shanghai ethics target, 3 weeks");

    /// <summary>The start-up anchors, strictest last.</summary>
    public static IReadOnlyList<StartupAnchor> Activation { get; } = [Beijing, Shanghai, UnitedKingdom];

    /// <summary>Every anchor.</summary>
    public static IReadOnlyList<StartupAnchor> All { get; } = [.. Activation, EthicsReview];
}
