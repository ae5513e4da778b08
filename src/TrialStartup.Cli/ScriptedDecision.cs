namespace TrialStartup.Cli;

/// <summary>One <c>--decide step=outcome[;fact=value...]</c>: what a task decides the next time it is open.</summary>
/// <param name="StepId">The task.</param>
/// <param name="Outcome">The outcome to record; the engine checks it is allowed.</param>
/// <param name="DecisionFacts">Decision facts given with it; missing required ones are filled in and noted.</param>
/// <param name="Text">The option's value as typed, for notes about decisions that were never used.</param>
internal sealed record ScriptedDecision(string StepId, string Outcome, IReadOnlyDictionary<string, string> DecisionFacts, string Text);
