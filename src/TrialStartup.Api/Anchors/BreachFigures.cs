namespace TrialStartup.Api.Anchors;

/// <summary>Steps whose turnaround target was breached: breach deadlines that fell due in the period and fired (the step was still open).</summary>
/// <param name="StepBreaches">Breaches in the period.</param>
/// <param name="ProvisionalStepBreaches">Of them, counted through a year the calendar knows only by its rule (no holiday notice yet).</param>
public sealed record BreachFigures(int StepBreaches, int ProvisionalStepBreaches);
