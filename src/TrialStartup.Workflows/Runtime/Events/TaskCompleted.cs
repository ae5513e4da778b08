namespace TrialStartup.Workflows.Runtime.Events;

/// <summary>A reviewer decided a task: who, in which role, the outcome, the reason and the decision's facts.</summary>
/// <param name="StepId">The task.</param>
/// <param name="Round">The round decided.</param>
/// <param name="Outcome">The outcome.</param>
/// <param name="By">Who decided.</param>
/// <param name="Reason">The reviewer's reason.</param>
/// <param name="DecisionFacts">Facts the decision carries, such as the ethics review type.</param>
/// <param name="At">When.</param>
public sealed record TaskCompleted(string StepId, int Round, string Outcome, Actor By, string? Reason, IReadOnlyDictionary<string, string> DecisionFacts, DateTimeOffset At) : WorkflowEvent(At);
