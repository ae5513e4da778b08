namespace TrialStartup.Api.Anchors;

/// <summary>Ethics approvals given in the period: how long each review took, in calendar days, against 3 weeks.</summary>
/// <param name="Approved">Ethics approvals in the period (a full review's approval, the check of modifications confirmed, or a recognition).</param>
/// <param name="ReviewCalendarDays">From the first opening of the site's ethics review to its approval, sponsor's revisions included.</param>
/// <param name="WithinThreeWeeks">The share within the 3-week ethics anchor.</param>
public sealed record EthicsFigures(int Approved, CalendarDayDistribution ReviewCalendarDays, AnchorShare WithinThreeWeeks);
