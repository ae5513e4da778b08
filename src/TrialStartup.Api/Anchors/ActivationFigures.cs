namespace TrialStartup.Api.Anchors;

using TrialStartup.Api.Monitoring;

/// <summary>
/// Sites activated in the period: how long each took from the dossier's submission to its activation, in calendar
/// days, against the start-up anchors, and who held the work meanwhile.
/// </summary>
/// <param name="Activated">Sites activated in the period.</param>
/// <param name="SubmissionToActivationCalendarDays">The distribution of their start-up times.</param>
/// <param name="WithinAnchors">The share within each start-up anchor (28 weeks, 25 weeks, 150 days).</param>
/// <param name="MeanHeldCalendarDays">
/// Per activated site, the mean calendar days each kind of holder held the work (the existing attribution: reviews run
/// in parallel, so holders overlap and can add up to more than the elapsed time); <c>null</c> when none was activated.
/// </param>
public sealed record ActivationFigures(int Activated, CalendarDayDistribution SubmissionToActivationCalendarDays, IReadOnlyList<AnchorShare> WithinAnchors,
    HeldTime? MeanHeldCalendarDays);
