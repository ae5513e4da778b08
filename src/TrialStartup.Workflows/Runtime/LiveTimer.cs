namespace TrialStartup.Workflows.Runtime;

using TrialStartup.Workflows.Runtime.Events;

/// <summary>A timer that is scheduled and has neither fired nor been cancelled.</summary>
/// <param name="TimerId">Unique within the stream.</param>
/// <param name="StepId">The step it watches.</param>
/// <param name="Round">The round it watches.</param>
/// <param name="Kind">Warning or breach.</param>
/// <param name="DueAt">When it falls due.</param>
/// <param name="Provisional">Its due date counts through a year known only by the calendar's rule.</param>
/// <param name="PreviousDueAt">When it was due before its last rescheduling; null if it never moved.</param>
/// <param name="RescheduleReason">Why it moved (<see cref="TimerRescheduled.Reason"/>); null if it never moved.</param>
public sealed record LiveTimer(string TimerId, string StepId, int Round, TimerKind Kind, DateTimeOffset DueAt, bool Provisional = false,
    DateTimeOffset? PreviousDueAt = null, string? RescheduleReason = null);
