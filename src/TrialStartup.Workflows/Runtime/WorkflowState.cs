namespace TrialStartup.Workflows.Runtime;

using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// The state of one instance: a pure fold over its events. Nothing here reads a clock or creates an id, so
/// folding the same stream always gives the same state.
/// </summary>
public sealed class WorkflowState
{
    private readonly SortedDictionary<string, StepState> _steps = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, BranchStatus> _branches = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, bool> _blocks = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, LiveTimer> _timers = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _signals = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _firedTimers = new(StringComparer.Ordinal);
    private readonly Dictionary<(string StepId, int Round), LiveTimer> _missedTargets = [];
    private readonly Dictionary<(string StepId, int Round), TaskCompleted> _decisions = [];
    private readonly List<SignalReceipt> _signalReceipts = [];

    // Who acts in the command being folded: a command's first event names its actor (a decision, a resubmission, the
    // start, an intervention) or is a deadline or signal, which the product acts on. The steps it opens are handed over by them.
    private Actor _acting = Actor.System;

    /// <summary>The instance's id.</summary>
    public Guid InstanceId { get; }

    /// <summary>The number of events folded: the stream version.</summary>
    public long Version { get; private set; }

    /// <summary>Where the instance stands.</summary>
    public InstanceStatus Status { get; private set; }

    /// <summary>The definition's id, once started.</summary>
    public string? DefinitionId { get; private set; }

    /// <summary>The definition's version, once started.</summary>
    public int DefinitionVersion { get; private set; }

    /// <summary>The definition's content hash, once started.</summary>
    public string? ContentHash { get; private set; }

    /// <summary>The calendar's id, once started.</summary>
    public string? CalendarId { get; private set; }

    /// <summary>The project's facts.</summary>
    public IReadOnlyDictionary<string, string> Facts { get; private set; } = new Dictionary<string, string>();

    /// <summary>The result, once ended.</summary>
    public string? Result { get; private set; }

    /// <summary>Every step that has opened, by id.</summary>
    public IReadOnlyDictionary<string, StepState> Steps => _steps;

    /// <summary>Every branch that has started or been skipped, by id.</summary>
    public IReadOnlyDictionary<string, BranchStatus> Branches => _branches;

    /// <summary>Parallel blocks that have started, by id: <c>true</c> once joined.</summary>
    public IReadOnlyDictionary<string, bool> Blocks => _blocks;

    /// <summary>Timers scheduled and neither fired nor cancelled.</summary>
    public IReadOnlyDictionary<string, LiveTimer> Timers => _timers;

    /// <summary>Timers that fired, so a report can say which targets were breached.</summary>
    public IReadOnlySet<string> FiredTimers => _firedTimers;

    /// <summary>
    /// The turnaround target of a task (step and round): its live breach timer, or the one that fired. A breached task
    /// is still due when it was due, so an inbox keeps showing the date and how far past it the task is.
    /// </summary>
    public LiveTimer? TargetOf(string stepId, int round) =>
        _timers.Values.FirstOrDefault(t => t.StepId == stepId && t.Round == round && t.Kind == TimerKind.Breach)
        ?? _missedTargets.GetValueOrDefault((stepId, round));

    /// <summary>The decision of a task (step and round), if it was decided: who decided a task someone else still has open.</summary>
    public TaskCompleted? DecisionOf(string stepId, int round) => _decisions.GetValueOrDefault((stepId, round));

    /// <summary>The names of the signals received from outside, each once however often it arrived.</summary>
    public IReadOnlySet<string> Signals => _signals;

    /// <summary>Every receipt of a signal, in the order received; a repeated publication is refused, so never listed twice.</summary>
    public IReadOnlyList<SignalReceipt> SignalReceipts => _signalReceipts;

    /// <summary>The intervention that suspended the instance while <see cref="Status"/> is suspended; otherwise <c>null</c>.</summary>
    public string? SuspendedBy { get; private set; }

    /// <summary>Steps still open (active or held by the submitter).</summary>
    public IEnumerable<StepState> OpenSteps => _steps.Values.Where(s => s.Status is StepStatus.Active or StepStatus.HeldBySubmitter);

    /// <summary>Creates the empty state of an instance.</summary>
    public WorkflowState(Guid instanceId) => InstanceId = instanceId;

    /// <summary>Folds a stream into a state.</summary>
    public static WorkflowState Fold(Guid instanceId, IEnumerable<WorkflowEvent> events)
    {
        var state = new WorkflowState(instanceId);
        foreach (var e in events)
        {
            state.Apply(e);
        }

        return state;
    }

    /// <summary>Applies one event.</summary>
    public void Apply(WorkflowEvent e)
    {
        Version++;
        switch (e)
        {
            case WorkflowStarted started:
                _acting = started.By;
                Status = InstanceStatus.Running;
                DefinitionId = started.DefinitionId;
                DefinitionVersion = started.DefinitionVersion;
                ContentHash = started.ContentHash;
                CalendarId = started.CalendarId;
                Facts = new SortedDictionary<string, string>(started.Facts.ToDictionary(), StringComparer.Ordinal);
                break;
            case StepActivated activated:
                _steps[activated.StepId] = new StepState
                {
                    StepId = activated.StepId,
                    Kind = activated.Kind,
                    Round = activated.Round,
                    Status = StepStatus.Active,
                    Holder = activated.Role,
                    HandedOverBy = _acting,
                    OpenedAt = _steps.TryGetValue(activated.StepId, out var earlier) && activated.Round > 1 ? earlier.OpenedAt : activated.At,
                    ClockStartedAt = activated.Kind == StepKind.Task ? activated.At : null,
                    ElapsedWorkingDays = activated.ElapsedWorkingDays,
                    ActivatedAtVersion = Version,
                };
                break;
            case TimerScheduled scheduled:
                _timers[scheduled.TimerId] = new LiveTimer(scheduled.TimerId, scheduled.StepId, scheduled.Round, scheduled.Kind, scheduled.DueAt,
                    scheduled.Provisional);
                break;
            case TimerRescheduled rescheduled:
                _timers[rescheduled.TimerId] = _timers[rescheduled.TimerId] with
                {
                    DueAt = rescheduled.DueAt, Provisional = rescheduled.Provisional, PreviousDueAt = rescheduled.PreviousDueAt,
                    RescheduleReason = rescheduled.Reason,
                };
                break;
            case TimerCancelled cancelled:
                _timers.Remove(cancelled.TimerId);
                break;
            case TimerFired fired:
                _acting = Actor.System;
                if (_timers.Remove(fired.TimerId, out var missed) && missed.Kind == TimerKind.Breach)
                {
                    _missedTargets[(missed.StepId, missed.Round)] = missed;
                }

                _firedTimers.Add(fired.TimerId);
                break;
            case TaskCompleted completed:
                _acting = completed.By;
                _decisions[(completed.StepId, completed.Round)] = completed;
                Update(completed.StepId, s => s with
                {
                    Status = StepStatus.Completed, Outcome = completed.Outcome, Holder = null, ClockStartedAt = null, ClosedAt = completed.At,
                    MeetingId = null, MeetingAt = null,
                });
                break;
            case ClockStopped stopped:
                Update(stopped.StepId, s => s with { ClockStartedAt = null, ElapsedWorkingDays = stopped.ElapsedWorkingDays });
                break;
            case ClockStarted clockStarted:
                Update(clockStarted.StepId, s => s with { ClockStartedAt = clockStarted.At });
                break;
            case RevisionRequested revision:
                Update(revision.StepId, s => s with
                {
                    Status = StepStatus.HeldBySubmitter, Holder = revision.HolderRole, HandedOverBy = _acting, ReturnTo = revision.ReturnTo, ClosedAt = null,
                    MeetingId = null, MeetingAt = null,
                });
                break;
            case Resubmitted resubmitted:
                _acting = resubmitted.By;
                // The step that asked is done with; the step it returns to opens with the next event.
                Update(resubmitted.StepId, s => s with { Status = StepStatus.Completed, Holder = null, ClosedAt = resubmitted.At });
                break;
            case StepCancelled stepCancelled:
                Update(stepCancelled.StepId, s => s with
                {
                    Status = StepStatus.Cancelled, Holder = null, ClockStartedAt = null, ClosedAt = stepCancelled.At,
                    MeetingId = null, MeetingAt = null,
                });
                break;
            case MeetingSet meeting:
                _acting = meeting.By;
                Update(meeting.StepId, s => s with { MeetingId = meeting.MeetingId, MeetingAt = meeting.MeetingAt });
                break;
            case WaitCompleted waited:
                Update(waited.StepId, s => s with { Status = StepStatus.Completed, Holder = null, ClosedAt = waited.At });
                break;
            case ParallelStarted parallel:
                _blocks[parallel.StepId] = false;
                break;
            case JoinCompleted joined:
                _blocks[joined.StepId] = true;
                break;
            case BranchStarted branch:
                _branches[branch.BranchId] = BranchStatus.Active;
                break;
            case BranchSkipped branch:
                _branches[branch.BranchId] = BranchStatus.Skipped;
                break;
            case BranchCompleted branch:
                _branches[branch.BranchId] = BranchStatus.Completed;
                break;
            case BranchCancelled branch:
                _branches[branch.BranchId] = BranchStatus.Cancelled;
                break;
            case SignalReceived signal:
                _acting = Actor.System;
                _signals.Add(signal.Signal);
                _signalReceipts.Add(new SignalReceipt(signal.Signal, signal.Reference, signal.At));
                break;
            case WorkflowSuspended suspended:
                _acting = suspended.By;
                Status = InstanceStatus.Suspended;
                SuspendedBy = suspended.InterventionId;
                break;
            case WorkflowResumed resumed:
                _acting = resumed.By;
                Status = InstanceStatus.Running;
                SuspendedBy = null;
                break;
            case WorkflowEnded ended:
                Status = InstanceStatus.Ended;
                Result = ended.Result;
                SuspendedBy = null;
                break;
        }
    }

    private void Update(string stepId, Func<StepState, StepState> change) => _steps[stepId] = change(_steps[stepId]);
}
