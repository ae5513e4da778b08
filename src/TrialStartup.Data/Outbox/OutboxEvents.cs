namespace TrialStartup.Data.Outbox;

using TrialStartup.Workflows.Runtime.Events;

/// <summary>Which workflow events other services and sites hear about.</summary>
public static class OutboxEvents
{
    /// <summary>
    /// Whether <paramref name="e"/> gets an outbox row: what another service or site acts on (a fired turnaround timer
    /// is a warning or a breach their owners must see); the rest (timers scheduled, branches started) stays internal.
    /// </summary>
    public static bool Told(WorkflowEvent e) => e is WorkflowStarted or StepActivated or TaskCompleted or RevisionRequested
        or SignalPublished or WorkflowEnded or WorkflowSuspended or WorkflowResumed or TimerFired;
}
