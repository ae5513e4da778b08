namespace TrialStartup.Workflows.Runtime;

using NodaTime;
using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime.Commands;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// Decides what a command does to an instance: either a refusal (and no events), or the events it produces.
/// Pure apart from the state it is given, which it advances by applying each event as it is produced, so the
/// rules that follow see the instance as it will be. Every check happens before the first event is produced.
/// </summary>
internal sealed class WorkflowDecider
{
    private readonly WorkflowDefinition _definition;
    private readonly WorkingDayCalendar _calendar;
    private readonly WorkflowState _state;
    private readonly DateTimeOffset _now;
    private readonly List<WorkflowEvent> _events = [];

    private WorkflowDecider(WorkflowDefinition definition, WorkingDayCalendar calendar, WorkflowState state, DateTimeOffset now)
    {
        _definition = definition;
        _calendar = calendar;
        _state = state;
        _now = now;
    }

    /// <summary>Decides <paramref name="command"/> against <paramref name="state"/>, which the caller must own.</summary>
    public static (IReadOnlyList<WorkflowEvent> Events, Refusal? Refusal) Decide(
        WorkflowState state, WorkflowCommand command, WorkflowDefinition definition, WorkingDayCalendar calendar, DateTimeOffset now)
    {
        var decider = new WorkflowDecider(definition, calendar, state, now);
        var refusal = command switch
        {
            StartWorkflow start => decider.Start(start),
            CompleteTask complete => decider.CompleteTask(complete),
            Resubmit resubmit => decider.Resubmit(resubmit),
            ReceiveSignal signal => decider.ReceiveSignal(signal),
            FireTimer timer => decider.FireTimer(timer),
            RecomputeTimers _ => decider.RecomputeTimers(),
            Intervene intervene => decider.Intervene(intervene),
            SetMeeting meeting => decider.SetMeeting(meeting),
            _ => throw new ArgumentException($"unknown command {command.GetType().Name}", nameof(command)),
        };
        return (decider._events, refusal);
    }

    private static Refusal Refuse(string code, string message) => new(code, message);

    private void Emit(WorkflowEvent e)
    {
        _events.Add(e);
        _state.Apply(e);
    }

    // ---- commands -------------------------------------------------------------------------------------------

    private Refusal? Start(StartWorkflow command)
    {
        if (_state.Status != InstanceStatus.NotStarted)
        {
            return Refuse(RefusalCodes.AlreadyStarted, $"instance {_state.InstanceId} has already started");
        }

        var facts = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var wrong = new List<string>();
        foreach (var (name, value) in command.Facts)
        {
            var declared = _definition.Fact(name);
            if (declared is null)
            {
                wrong.Add($"unknown fact '{name}'");
            }
            else if (declared.Check(value) is { } problem)
            {
                wrong.Add(problem);
            }
            else
            {
                facts[name] = value;
            }
        }

        foreach (var declared in _definition.Facts.Where(f => !command.Facts.ContainsKey(f.Name)))
        {
            if (declared.Default is null)
            {
                wrong.Add($"fact '{declared.Name}' is required");
            }
            else
            {
                facts[declared.Name] = declared.Default;
            }
        }

        if (wrong.Count > 0)
        {
            return Refuse(RefusalCodes.InvalidFacts, $"{_definition}: {string.Join("; ", wrong)}");
        }

        Emit(new WorkflowStarted(_definition.Id, _definition.Version, _definition.ContentHash, _calendar.Id, _calendar.ContentHash,
            facts, _definition.Priority, command.By, _now));
        Activate(_definition.Steps[0], round: 1, elapsedWorkingDays: 0);
        return null;
    }

    private Refusal? CompleteTask(CompleteTask command)
    {
        if (RunningRefusal() is { } notRunning)
        {
            return notRunning;
        }

        if (_definition.FindStep(command.StepId) is not TaskStep task)
        {
            return Refuse(RefusalCodes.UnknownStep, $"{_definition} has no human task '{command.StepId}'");
        }

        if (!_state.Steps.TryGetValue(task.Id, out var step) || step.Status != StepStatus.Active)
        {
            return Refuse(RefusalCodes.StepNotActive, step?.Status == StepStatus.HeldBySubmitter
                ? $"step '{task.Id}' waits for the {step.Holder}'s resubmission"
                : $"step '{task.Id}' is not open");
        }

        if (command.By.Role != task.Role)
        {
            return Refuse(RefusalCodes.WrongRole, $"step '{task.Id}' is decided by the {task.Role}, not the {command.By.Role}");
        }

        var outcome = task.Outcome(command.Outcome);
        if (outcome is null)
        {
            return Refuse(RefusalCodes.OutcomeNotAllowed,
                $"step '{task.Id}' allows {string.Join(", ", task.Outcomes.Select(o => o.Name))}; not '{command.Outcome}'");
        }

        var decisionFacts = new Dictionary<string, string>(command.DecisionFacts ?? new Dictionary<string, string>());
        foreach (var fact in task.DecisionFacts.Where(f => f.Default is not null && !decisionFacts.ContainsKey(f.Name)))
        {
            decisionFacts[fact.Name] = fact.Default!;
        }

        var wrong = decisionFacts.Keys.Where(k => task.DecisionFacts.All(f => f.Name != k)).Select(k => $"unknown decision fact '{k}'")
            .Concat(task.DecisionFacts.Select(f => decisionFacts.TryGetValue(f.Name, out var v) ? f.Check(v) : $"decision fact '{f.Name}' is required"))
            .OfType<string>().ToList();
        if (wrong.Count > 0)
        {
            return Refuse(RefusalCodes.InvalidDecisionFacts, $"step '{task.Id}': {string.Join("; ", wrong)}");
        }

        if (outcome.Revision is { } revision && step.Round >= revision.MaxRounds)
        {
            return Refuse(RefusalCodes.MaxRoundsReached,
                $"step '{task.Id}' is in round {step.Round}, the last of {revision.MaxRounds}: decide with another outcome");
        }

        var elapsed = ElapsedWorkingDays(step);
        Emit(new TaskCompleted(task.Id, step.Round, outcome.Name, command.By, command.Reason,
            new SortedDictionary<string, string>(decisionFacts.ToDictionary(), StringComparer.Ordinal), _now));
        CancelTimers(task.Id, "step completed");
        if (outcome.Publish is { } signal)
        {
            Emit(new SignalPublished(signal, task.Id, _now));
        }

        if (outcome.Revision is { } rule)
        {
            Emit(new ClockStopped(task.Id, elapsed, "changes requested: the submitter holds the work", _now));
            Emit(new RevisionRequested(task.Id, step.Round, rule.HolderRole, rule.ReturnTo, _now));
        }
        else
        {
            Go(task, outcome.Next!);
        }

        return null;
    }

    private Refusal? Resubmit(Resubmit command)
    {
        if (RunningRefusal() is { } notRunning)
        {
            return notRunning;
        }

        if (!_state.Steps.TryGetValue(command.StepId, out var step) || step.Status != StepStatus.HeldBySubmitter)
        {
            return Refuse(RefusalCodes.StepNotActive, $"step '{command.StepId}' has no change request waiting for a resubmission");
        }

        if (!MayAnswer(command.By.Role, step.Holder!))
        {
            var answerers = step.Holder == Roles.Sponsor ? $"{Roles.Sponsor} (or the {Roles.SiteOffice} for it)" : step.Holder;
            return Refuse(RefusalCodes.WrongRole, $"the change request of '{step.StepId}' is answered by the {answerers}, not the {command.By.Role}");
        }

        var round = step.Round + 1;
        var returnTo = _definition.Step(step.ReturnTo!);
        Emit(new Resubmitted(step.StepId, round, command.By, command.Note, _now));

        // Back to the same review: its clock resumes with what is left. A different step (a check) starts afresh.
        Activate(returnTo, round, returnTo.Id == step.StepId ? step.ElapsedWorkingDays : 0);
        return null;
    }

    // The holder answers its change request. The sponsor submits through the site (domain.md), so the site office may
    // hand in the sponsor's answer for it, as it handed in the dossier; the event records who did.
    private static bool MayAnswer(string role, string holder) =>
        role == holder || (holder == Roles.Sponsor && role == Roles.SiteOffice);

    private Refusal? ReceiveSignal(ReceiveSignal command)
    {
        if (RunningRefusal(allowSuspended: true) is { } notRunning)
        {
            return notRunning;
        }

        // The same publication twice is a redelivered message: refusing it leaves the stream as it was. Another
        // reference is another publication (suspended again after a resumption) and is a new fact.
        if (_state.SignalReceipts.Any(r => r.IsSamePublication(command.Signal, command.Reference)))
        {
            return Refuse(RefusalCodes.SignalAlreadyReceived, command.Reference is null
                ? $"signal '{command.Signal}' without a reference was already received: give each publication its own reference"
                : $"signal '{command.Signal}' with reference '{command.Reference}' was already received");
        }

        Emit(new SignalReceived(command.Signal, command.Reference, _now));

        // A signal is a fact that has happened elsewhere: when its intervention cannot apply now (resume while
        // running, suspend while suspended, too early), the receipt alone is recorded and nothing is refused.
        foreach (var intervention in _definition.Interventions.Where(i => i.OnSignal == command.Signal))
        {
            if (_state.Status != InstanceStatus.Ended && Unavailable(intervention, bySignal: true) is null)
            {
                var reason = command.Reference is null
                    ? $"signal '{command.Signal}' received"
                    : $"signal '{command.Signal}' received from {command.Reference}";
                Apply(intervention, command.By, reason);
            }
        }

        if (_state.Status == InstanceStatus.Running)
        {
            CompleteWaits();
        }

        return null;
    }

    private Refusal? FireTimer(FireTimer command)
    {
        if (!_state.Timers.TryGetValue(command.TimerId, out var timer) || _state.Status is not InstanceStatus.Running)
        {
            return Refuse(RefusalCodes.TimerNotLive, $"timer '{command.TimerId}' is not live: it fired, was cancelled or its instance is not running");
        }

        Emit(new TimerFired(timer.TimerId, timer.StepId, timer.Round, timer.Kind, _now, timer.DueAt, timer.Provisional));
        return null;
    }

    // Each live timer is computed again as ScheduleTimers computed it, from its step's clock start with the working days
    // used before it; only the calendar differs. A timer the new calendar leaves where it was changes nothing.
    private Refusal? RecomputeTimers()
    {
        var reason = $"working-day calendar '{_calendar.Id}' changed: it now lists holiday notices up to {_calendar.LastAnnouncedYear}" +
            (_calendar.Rule is { } rule ? $", later years on the rule {rule.Id}" : "");
        foreach (var timer in _state.Timers.Values.ToList())
        {
            var step = _state.Steps[timer.StepId];
            if (step.ClockStartedAt is not { } clockStarted)
            {
                continue; // a live timer's clock runs; a stopped clock cancelled its timers
            }

            var deadline = TimerDeadline((TaskStep)_definition.Step(timer.StepId), timer.Kind, Instant.FromDateTimeOffset(clockStarted),
                step.ElapsedWorkingDays);
            var dueAt = deadline.DueAt.ToDateTimeOffset();
            if (dueAt != timer.DueAt || deadline.Provisional != timer.Provisional)
            {
                Emit(new TimerRescheduled(timer.TimerId, timer.StepId, timer.Round, timer.Kind, timer.DueAt, dueAt, deadline.Provisional,
                    _calendar.ContentHash, reason, _now));
            }
        }

        return null;
    }

    private Refusal? SetMeeting(SetMeeting command)
    {
        if (RunningRefusal() is { } notRunning)
        {
            return notRunning;
        }

        if (_definition.FindStep(command.StepId) is not TaskStep task)
        {
            return Refuse(RefusalCodes.UnknownStep, $"{_definition} has no human task '{command.StepId}'");
        }

        if (!_state.Steps.TryGetValue(task.Id, out var step) || step.Status != StepStatus.Active || step.Round != command.Round)
        {
            return Refuse(RefusalCodes.StepNotActive, $"step '{task.Id}' round {command.Round} is not open");
        }

        if (command.By.Role != task.Role)
        {
            return Refuse(RefusalCodes.WrongRole, $"step '{task.Id}' is put on an agenda by the {task.Role}, not the {command.By.Role}");
        }

        if ((command.MeetingId is null) != (command.MeetingAt is null))
        {
            return Refuse(RefusalCodes.InvalidFacts, "a meeting is named with its start, or neither is");
        }

        if (step.MeetingId == command.MeetingId && step.MeetingAt == command.MeetingAt)
        {
            return null; // already so: nothing to record
        }

        Emit(new MeetingSet(task.Id, step.Round, command.MeetingId, command.MeetingAt, command.By, _now));
        return null;
    }

    private Refusal? Intervene(Intervene command)
    {
        if (RunningRefusal(allowSuspended: true) is { } notRunning)
        {
            return notRunning;
        }

        var intervention = _definition.Interventions.FirstOrDefault(i => i.Id == command.InterventionId);
        if (intervention is null)
        {
            return Refuse(RefusalCodes.UnknownIntervention, $"{_definition} has no intervention '{command.InterventionId}'");
        }

        if (intervention.Role is null)
        {
            return Refuse(RefusalCodes.WrongRole, $"'{intervention.Id}' is taken by the engine when signal '{intervention.OnSignal}' arrives, not by a person");
        }

        if (command.By.Role != intervention.Role)
        {
            return Refuse(RefusalCodes.WrongRole, $"'{intervention.Id}' is taken by the {intervention.Role}, not the {command.By.Role}");
        }

        if (Unavailable(intervention, bySignal: false) is { } unavailable)
        {
            return Refuse(RefusalCodes.InterventionNotAvailable, $"'{intervention.Id}' cannot be taken now: {unavailable}");
        }

        Apply(intervention, command.By, command.Reason);
        return null;
    }

    /// <summary>Why the intervention cannot take effect now, or <c>null</c> when it can.</summary>
    private string? Unavailable(InterventionDefinition intervention, bool bySignal)
    {
        var suspended = _state.Status == InstanceStatus.Suspended;
        return intervention.Effect switch
        {
            InterventionEffect.Suspend when suspended => "the instance is already suspended",
            InterventionEffect.Resume when !suspended => "the instance is not suspended",

            // A message must not overrule a person: the lead's resumption lifts only a suspension a signal caused,
            // never one the site's own committee decided.
            InterventionEffect.Resume when bySignal && !SuspendedBySignal() =>
                $"the suspension by '{_state.SuspendedBy}' was decided by a person and is lifted only by one",
            _ when intervention.AvailableAfter.Count > 0
                && !intervention.AvailableAfter.Any(s => _state.Steps.TryGetValue(s, out var done) && done.Status == StepStatus.Completed)
                => $"it is available only after {string.Join(" or ", intervention.AvailableAfter)}",
            _ => null,
        };
    }

    // Judged by the definition: an intervention a signal can take counts as the signal's, whoever took it this time.
    private bool SuspendedBySignal() =>
        _definition.Interventions.FirstOrDefault(i => i.Id == _state.SuspendedBy) is { OnSignal: not null };

    /// <summary>Applies an intervention's effect; the caller has checked it is available.</summary>
    private void Apply(InterventionDefinition intervention, Actor by, string? reason)
    {
        if (intervention.Publish is { } signal)
        {
            Emit(new SignalPublished(signal, intervention.Id, _now));
        }

        switch (intervention.Effect)
        {
            case InterventionEffect.Suspend:
                Emit(new WorkflowSuspended(intervention.Id, by, reason, _now));
                foreach (var step in RunningClocks())
                {
                    Emit(new ClockStopped(step.StepId, ElapsedWorkingDays(step), "instance suspended", _now));
                    CancelTimers(step.StepId, "instance suspended");
                }

                break;
            case InterventionEffect.Resume:
                Emit(new WorkflowResumed(intervention.Id, by, reason, _now));
                foreach (var step in _state.Steps.Values.Where(s => s is { Status: StepStatus.Active, Kind: StepKind.Task }).ToList())
                {
                    Emit(new ClockStarted(step.StepId, _now));
                    ScheduleTimers((TaskStep)_definition.Step(step.StepId), step.Round, step.ElapsedWorkingDays);
                }

                CompleteWaits();
                break;
            default:
                End(intervention.Result!, intervention.Id);
                break;
        }
    }

    private Refusal? RunningRefusal(bool allowSuspended = false) => _state.Status switch
    {
        InstanceStatus.NotStarted => Refuse(RefusalCodes.NotStarted, $"instance {_state.InstanceId} has not started"),
        InstanceStatus.Ended => Refuse(RefusalCodes.Finished, $"instance {_state.InstanceId} has ended ({_state.Result})"),
        InstanceStatus.Suspended when !allowSuspended => Refuse(RefusalCodes.Suspended, $"instance {_state.InstanceId} is suspended"),
        _ => null,
    };

    // ---- movement -------------------------------------------------------------------------------------------

    private void Go(StepDefinition from, string target)
    {
        if (_state.Status == InstanceStatus.Ended)
        {
            return;
        }

        if (target == WorkflowDefinition.JoinTarget)
        {
            var branch = from.Branch!;
            Emit(new BranchCompleted(branch.Block.Id, branch.Id, _now));
            TryJoin(branch.Block);
        }
        else
        {
            Activate(_definition.Step(target), round: 1, elapsedWorkingDays: 0);
        }
    }

    private void Activate(StepDefinition step, int round, int elapsedWorkingDays)
    {
        switch (step)
        {
            case TaskStep task:
                Emit(new StepActivated(task.Id, StepKind.Task, round, task.Role, elapsedWorkingDays, _now));
                ScheduleTimers(task, round, elapsedWorkingDays);
                break;
            case WaitStep wait:
                Emit(new StepActivated(wait.Id, StepKind.Wait, 1, null, 0, _now));
                CompleteWaits();
                break;
            case ChoiceStep choice:
            {
                var chosen = choice.Cases.FirstOrDefault(c => c.When.Evaluate(_state.Facts));
                Emit(new ChoiceMade(choice.Id, chosen?.Next ?? choice.Otherwise, chosen?.When.Text, _now));
                Go(choice, chosen?.Next ?? choice.Otherwise);
                break;
            }

            case ParallelStep block:
                StartBlock(block);
                break;
            case EndStep end:
                End(end.Result, end.Id);
                break;
        }
    }

    private void StartBlock(ParallelStep block)
    {
        Emit(new ParallelStarted(block.Id, _now));
        var running = new List<BranchDefinition>();
        foreach (var branch in block.Branches)
        {
            if (branch.When is { } when && !when.Evaluate(_state.Facts))
            {
                Emit(new BranchSkipped(block.Id, branch.Id, when.Text, _now));
            }
            else
            {
                Emit(new BranchStarted(block.Id, branch.Id, _now));
                running.Add(branch);
            }
        }

        // Every branch is marked started before any runs, so a branch that finishes at once (a wait whose signal
        // is already in) joins against the full picture, and an 'any' join cancels the others properly.
        foreach (var branch in running)
        {
            if (_state.Status != InstanceStatus.Ended && _state.Branches[branch.Id] == BranchStatus.Active)
            {
                Activate(branch.Steps[0], round: 1, elapsedWorkingDays: 0);
            }
        }

        TryJoin(block);
    }

    private void TryJoin(ParallelStep block)
    {
        if (_state.Status == InstanceStatus.Ended || _state.Blocks[block.Id])
        {
            return;
        }

        if (!JoinSatisfied(block))
        {
            return;
        }

        foreach (var branch in block.Branches.Where(IsActive))
        {
            CancelBranch(branch, $"join '{block.Id}' completed without it");
        }

        Emit(new JoinCompleted(block.Id, _now));
        Go(block, block.Next);
    }

    // A skipped branch counts as done for 'all'. For 'any' and 'at least N' it only lowers what can be asked for:
    // otherwise a false condition alone would satisfy the join and cancel every branch doing real work.
    private bool JoinSatisfied(ParallelStep block)
    {
        var statuses = block.Branches.Select(b => _state.Branches.GetValueOrDefault(b.Id)).ToList();
        var completed = statuses.Count(s => s == BranchStatus.Completed);
        var skipped = statuses.Count(s => s == BranchStatus.Skipped);
        return block.Join.Mode == JoinMode.All
            ? completed + skipped >= block.Branches.Count
            : completed >= Math.Min(block.Join.RequiredOf(block.Branches.Count), block.Branches.Count - skipped);
    }

    private void CancelBranch(BranchDefinition branch, string reason)
    {
        foreach (var step in branch.Steps)
        {
            if (step is ParallelStep nested)
            {
                foreach (var inner in nested.Branches.Where(IsActive))
                {
                    CancelBranch(inner, reason);
                }
            }

            CancelStep(step.Id, reason);
        }

        Emit(new BranchCancelled(branch.Block.Id, branch.Id, reason, _now));
    }

    // A branch of a block that never started has no status at all; it must not read as the enum's default (Active),
    // or ending the instance before the block (a signal that terminates during intake) would cancel branches never started.
    private bool IsActive(BranchDefinition branch) =>
        _state.Branches.TryGetValue(branch.Id, out var status) && status == BranchStatus.Active;

    private void CancelStep(string stepId, string reason)
    {
        if (_state.Steps.TryGetValue(stepId, out var step) && step.Status is StepStatus.Active or StepStatus.HeldBySubmitter)
        {
            CancelTimers(stepId, reason);
            Emit(new StepCancelled(stepId, reason, _now));
        }
    }

    private void End(string result, string source)
    {
        var reason = $"instance ended: {result}";

        // Innermost first, so every branch is closed exactly once and before the block around it.
        foreach (var block in _definition.Steps.OfType<ParallelStep>())
        {
            foreach (var branch in block.Branches.Where(IsActive))
            {
                CancelBranch(branch, reason);
            }
        }

        foreach (var step in _state.OpenSteps.Select(s => s.StepId).ToList())
        {
            CancelStep(step, reason);
        }

        Emit(new WorkflowEnded(result, source, _now));
    }

    private void CompleteWaits()
    {
        foreach (var wait in _state.Steps.Values.Where(s => s is { Status: StepStatus.Active, Kind: StepKind.Wait }).ToList())
        {
            var step = (WaitStep)_definition.Step(wait.StepId);
            if (_state.Signals.Contains(step.Signal) && _state.Status == InstanceStatus.Running
                && _state.Steps[wait.StepId].Status == StepStatus.Active)
            {
                Emit(new WaitCompleted(step.Id, step.Signal, _now));
                Go(step, step.Next);
            }
        }
    }

    // ---- clocks ---------------------------------------------------------------------------------------------

    private IEnumerable<StepState> RunningClocks() =>
        _state.Steps.Values.Where(s => s.Status == StepStatus.Active && s.ClockStartedAt is not null).ToList();

    private int ElapsedWorkingDays(StepState step) => step.ClockStartedAt is { } started
        ? step.ElapsedWorkingDays + _calendar.WorkingDaysBetween(Instant.FromDateTimeOffset(started), Instant.FromDateTimeOffset(_now))
        : step.ElapsedWorkingDays;

    private void ScheduleTimers(TaskStep task, int round, int elapsedWorkingDays)
    {
        var start = Instant.FromDateTimeOffset(_now);
        if (task.Target.WarnAfterWorkingDays is { } warnAfter && elapsedWorkingDays < warnAfter)
        {
            Schedule(task.Id, round, TimerKind.Warning, TimerDeadline(task, TimerKind.Warning, start, elapsedWorkingDays));
        }

        Schedule(task.Id, round, TimerKind.Breach, TimerDeadline(task, TimerKind.Breach, start, elapsedWorkingDays));
    }

    // The one computation of a timer's due instant, for scheduling and for recomputing on a changed calendar.
    private WorkingDayDeadline TimerDeadline(TaskStep task, TimerKind kind, Instant clockStart, int elapsedWorkingDays)
    {
        // A clock resumed with no working time left is due at once: the target was used up before the clock stopped.
        var target = kind == TimerKind.Warning ? task.Target.WarnAfterWorkingDays!.Value : task.Target.WorkingDays;
        return _calendar.Deadline(clockStart, Math.Max(0, target - elapsedWorkingDays));
    }

    private void Schedule(string stepId, int round, TimerKind kind, WorkingDayDeadline due)
    {
        // Ids come from the stream position, so they are unique and a replay derives the same ones.
        var timerId = $"{stepId}/{round}/{kind.ToString().ToLowerInvariant()}@{_state.Version + 1}";
        Emit(new TimerScheduled(timerId, stepId, round, kind, due.DueAt.ToDateTimeOffset(), _now, due.Provisional, _calendar.ContentHash));
    }

    private void CancelTimers(string stepId, string reason)
    {
        foreach (var timer in _state.Timers.Values.Where(t => t.StepId == stepId).ToList())
        {
            Emit(new TimerCancelled(timer.TimerId, reason, _now));
        }
    }
}
