namespace TrialStartup.Workflows.Runtime.Events;

/// <summary>An intervention suspended the instance: open clocks stopped, decisions refused until resumed.</summary>
/// <param name="InterventionId">The intervention.</param>
/// <param name="By">Who.</param>
/// <param name="Reason">Why.</param>
/// <param name="At">When.</param>
public sealed record WorkflowSuspended(string InterventionId, Actor By, string? Reason, DateTimeOffset At) : WorkflowEvent(At);
