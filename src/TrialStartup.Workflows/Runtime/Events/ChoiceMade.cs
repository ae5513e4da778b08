namespace TrialStartup.Workflows.Runtime.Events;
/// <summary>An automatic choice went one way, by the project's facts.</summary>
/// <param name="StepId">The choice step.</param>
/// <param name="Next">Where it went.</param>
/// <param name="Condition">The condition that held; null for 'otherwise'.</param>
/// <param name="At">When.</param>
public sealed record ChoiceMade(string StepId, string Next, string? Condition, DateTimeOffset At) : WorkflowEvent(At);
