namespace TrialStartup.Workflows.Forecasting;

/// <summary>Where the simulation drew one remaining step's time (and outcome) from.</summary>
/// <param name="StepId">The step.</param>
/// <param name="Kind"><c>decision</c> (the institution's role deciding), <c>submitter-hold</c> (a change request being answered) or <c>wait</c> (another site's signal).</param>
/// <param name="Source">See <see cref="HistorySources"/>: <c>institution</c>, <c>all-institutions</c>, <c>target</c>, <c>none</c>, <c>lead-site</c> (a wait ended by the lead site's own forecast), or <c>lead-site-not-submitted</c> (by its forecast as if it submitted now).</param>
/// <param name="Samples">How many past stretches it drew from (for <c>lead-site</c>, the lead's runs that publish the signal); 0 for a target or none.</param>
/// <param name="ReviewType">The review type history was narrowed to, when it is known before the decision (a task on a meeting's agenda is a full-board review).</param>
public sealed record StepSource(string StepId, string Kind, string Source, int Samples, string? ReviewType);
