namespace TrialStartup.Workflows.Runtime.Events;

/// <summary>An intervention lifted the suspension.</summary>
/// <param name="InterventionId">The intervention.</param>
/// <param name="By">Who.</param>
/// <param name="Reason">Why.</param>
/// <param name="At">When.</param>
public sealed record WorkflowResumed(string InterventionId, Actor By, string? Reason, DateTimeOffset At) : WorkflowEvent(At);
