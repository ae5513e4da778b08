namespace TrialStartup.Workflows.Forecasting;

/// <summary>When <see cref="Sites"/> of a trial's sites will be active.</summary>
/// <param name="Sites">k: how many sites.</param>
/// <param name="Probability">The share of joint runs in which at least k sites activate.</param>
/// <param name="P50">The date by which k sites are active in half of the joint runs; null when fewer than half get there.</param>
/// <param name="P80">The same for 80 % of the joint runs; null when fewer than 80 % get there.</param>
public sealed record KthActivation(int Sites, double Probability, DateOnly? P50, DateOnly? P80);
