namespace TrialStartup.Workflows.Forecasting;

/// <summary>How likely a project is to end with a result.</summary>
/// <param name="Result">The end result: <c>activated</c>, or a definition's other end results (<c>disapproved</c>, <c>not-approved</c>) and <c>terminated</c>.</param>
/// <param name="Probability">The share of simulated runs that ended so, 0 to 1.</param>
public sealed record OutcomeChance(string Result, double Probability);
