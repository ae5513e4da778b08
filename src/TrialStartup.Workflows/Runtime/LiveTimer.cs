namespace TrialStartup.Workflows.Runtime;

using TrialStartup.Workflows.Runtime.Events;

/// <summary>A timer that is scheduled and has neither fired nor been cancelled.</summary>
/// <param name="TimerId">Unique within the stream.</param>
/// <param name="StepId">The step it watches.</param>
/// <param name="Round">The round it watches.</param>
/// <param name="Kind">Warning or breach.</param>
/// <param name="DueAt">When it falls due.</param>
public sealed record LiveTimer(string TimerId, string StepId, int Round, TimerKind Kind, DateTimeOffset DueAt);
