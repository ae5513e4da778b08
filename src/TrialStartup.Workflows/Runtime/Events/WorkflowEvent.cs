namespace TrialStartup.Workflows.Runtime.Events;
using System.Text.Json.Serialization;

/// <summary>
/// Something that happened to a workflow instance. Events are facts: append-only, never changed. Stored
/// payloads name their type by the alias below, never by CLR type name, so renaming a class cannot break a stream.
/// </summary>
/// <param name="At">When it happened (UTC), taken from the injected clock when the command was decided.</param>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(WorkflowStarted), "workflow-started")]
[JsonDerivedType(typeof(StepActivated), "step-activated")]
[JsonDerivedType(typeof(TimerScheduled), "timer-scheduled")]
[JsonDerivedType(typeof(TimerCancelled), "timer-cancelled")]
[JsonDerivedType(typeof(TimerFired), "timer-fired")]
[JsonDerivedType(typeof(TimerRescheduled), "timer-rescheduled")]
[JsonDerivedType(typeof(TaskCompleted), "task-completed")]
[JsonDerivedType(typeof(ClockStopped), "clock-stopped")]
[JsonDerivedType(typeof(ClockStarted), "clock-started")]
[JsonDerivedType(typeof(RevisionRequested), "revision-requested")]
[JsonDerivedType(typeof(Resubmitted), "resubmitted")]
[JsonDerivedType(typeof(ChoiceMade), "choice-made")]
[JsonDerivedType(typeof(ParallelStarted), "parallel-started")]
[JsonDerivedType(typeof(BranchStarted), "branch-started")]
[JsonDerivedType(typeof(BranchSkipped), "branch-skipped")]
[JsonDerivedType(typeof(BranchCompleted), "branch-completed")]
[JsonDerivedType(typeof(BranchCancelled), "branch-cancelled")]
[JsonDerivedType(typeof(StepCancelled), "step-cancelled")]
[JsonDerivedType(typeof(JoinCompleted), "join-completed")]
[JsonDerivedType(typeof(SignalPublished), "signal-published")]
[JsonDerivedType(typeof(SignalReceived), "signal-received")]
[JsonDerivedType(typeof(WaitCompleted), "wait-completed")]
[JsonDerivedType(typeof(WorkflowSuspended), "workflow-suspended")]
[JsonDerivedType(typeof(WorkflowResumed), "workflow-resumed")]
[JsonDerivedType(typeof(WorkflowEnded), "workflow-ended")]
[JsonDerivedType(typeof(MeetingSet), "meeting-set")]
public abstract record WorkflowEvent(DateTimeOffset At);
