namespace TrialStartup.Workflows.Runtime;

using System.Globalization;
using TrialStartup.Workflows.Runtime.Commands;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// What a person's command acts on, and when it conflicts. A decision names its task (step and round), a resubmission
/// the change request it answers (step and the round that asked); either is refused as a conflict only when that task
/// is no longer the one it was: decided or answered by someone else, or a new round opened. Anything else that happened
/// to the project meanwhile (another branch decided, a signal, a timer, a document) is invisible to it: the three
/// parallel reviews never block each other. An intervention conflicts only with a change of the project's status.
/// </summary>
/// <remarks>
/// The rules, each with its name in the refusal:
/// <list type="bullet">
/// <item><c>task-decided</c>: the named task was decided by someone else (who, when and how is in the message).</item>
/// <item><c>new-round-opened</c>: a later round of the step is open or waiting; the named round is history.</item>
/// <item><c>round-not-open</c>: the named round is later than the step's current one.</item>
/// <item><c>change-request-answered</c>: a resubmission after the change request was already answered.</item>
/// <item><c>task-reopened</c>: the step was opened again since the version read (legacy expected version).</item>
/// <item><c>task-not-open-when-read</c>: at the version read, the step was not open to this command (legacy).</item>
/// <item><c>status-changed</c>: the project was suspended, resumed or ended since the version read (interventions).</item>
/// <item><c>version-ahead</c>: the version read is later than the stream's.</item>
/// <item><c>version-changed</c>: a command that names no task (a start) expected another version.</item>
/// <item><c>busy</c>: other appends kept winning the race for the stream (the engine decides again a few times first).</item>
/// </list>
/// An expected version (accepted for one release) means "the task as of that version": its round is taken from the
/// stream as it was then. A command naming neither (timers, signals, institution systems' decisions) acts on what is
/// open now and is checked by the decider alone.
/// </remarks>
public static class TaskReference
{
    /// <summary>The named task was decided by someone else.</summary>
    public const string TaskDecided = "task-decided";

    /// <summary>A later round of the step opened; the named round is history.</summary>
    public const string NewRoundOpened = "new-round-opened";

    /// <summary>The named round is later than the step's current one.</summary>
    public const string RoundNotOpen = "round-not-open";

    /// <summary>The change request was already answered.</summary>
    public const string ChangeRequestAnswered = "change-request-answered";

    /// <summary>The step was opened again after the version read (legacy expected version).</summary>
    public const string TaskReopened = "task-reopened";

    /// <summary>At the version read, the step was not open to this command (legacy expected version).</summary>
    public const string TaskNotOpenWhenRead = "task-not-open-when-read";

    /// <summary>The project was suspended, resumed or ended since the version read (interventions).</summary>
    public const string StatusChanged = "status-changed";

    /// <summary>The version read is later than the stream's.</summary>
    public const string VersionAhead = "version-ahead";

    /// <summary>A command that names no task (a start) expected another version.</summary>
    public const string VersionChanged = "version-changed";

    /// <summary>Other appends kept winning the race for the stream; trying again later is right.</summary>
    public const string Busy = "busy";

    /// <summary>The conflict, or null when the command's task is still the one it names.</summary>
    internal static Refusal? Conflict(IReadOnlyList<RecordedEvent> stream, WorkflowState now, WorkflowCommand command)
    {
        var version = stream.Count;
        if (command.ExpectedVersion is { } expected && expected > version)
        {
            return Refuse(VersionAhead, $"the project is at version {version}, not {expected}: re-read it");
        }

        var asRead = command.ExpectedVersion is { } v && v < version ? v : (long?)null;
        return command switch
        {
            CompleteTask decide => TaskConflict(stream, now, decide.StepId, decide.Round, asRead, StepStatus.Active),
            Resubmit resubmit => TaskConflict(stream, now, resubmit.StepId, resubmit.Round, asRead, StepStatus.HeldBySubmitter),
            SetMeeting meeting => TaskConflict(stream, now, meeting.StepId, meeting.Round, null, StepStatus.Active),
            Intervene when asRead is { } read => StatusConflict(stream, now, read),
            Intervene => null,
            // A command that names no task (a start) keeps the whole-stream check its expected version asks for.
            _ when asRead is { } read => Refuse(VersionChanged, $"the instance is at version {version}, not {read}: re-read it"),
            _ => null,
        };
    }

    private static Refusal? TaskConflict(IReadOnlyList<RecordedEvent> stream, WorkflowState now, string stepId, int? round, long? asRead,
        StepStatus open)
    {
        if (round is null && asRead is { } read)
        {
            // Legacy: the task as of the version read.
            var then = StateAt(stream, now.InstanceId, read);
            if (!then.Steps.TryGetValue(stepId, out var stepThen) || stepThen.Status != open)
            {
                return Refuse(TaskNotOpenWhenRead,
                    $"at version {read}, which you read, '{stepId}' was not {Describe(open)}: re-read the project");
            }

            round = stepThen.Round;
        }

        if (round is not { } named || !now.Steps.TryGetValue(stepId, out var step))
        {
            return null; // nothing named, or an unknown step: the decider says what is wrong
        }

        if (step.Round == named && step.Status == open)
        {
            return asRead is { } r && step.ActivatedAtVersion > r
                ? Refuse(TaskReopened, $"'{stepId}' round {named} was opened again at version {step.ActivatedAtVersion}, after version {r} which you read")
                : null;
        }

        if (open == StepStatus.Active && now.DecisionOf(stepId, named) is { } decided)
        {
            return Refuse(TaskDecided, string.Create(CultureInfo.InvariantCulture,
                $"'{stepId}' round {named} was already decided by {decided.By.Name} ({decided.By.Role}) at {decided.At:yyyy-MM-dd HH:mm:ss}Z: " +
                $"{decided.Outcome}{(decided.Reason is { Length: > 0 } why ? $" ({why})" : "")}"));
        }

        if (open == StepStatus.HeldBySubmitter && step.Round > named)
        {
            return Refuse(ChangeRequestAnswered, $"the change request of '{stepId}' round {named} was already answered: round {step.Round} is open");
        }

        if (step.Round > named)
        {
            return Refuse(NewRoundOpened, $"'{stepId}' is in round {step.Round} now; round {named}, which you name, is closed");
        }

        return step.Round < named
            ? Refuse(RoundNotOpen, $"'{stepId}' is in round {step.Round}; round {named}, which you name, has not opened")
            : null; // the named round is current but not open (e.g. waiting for the lead): the decider refuses it
    }

    private static Refusal? StatusConflict(IReadOnlyList<RecordedEvent> stream, WorkflowState now, long read)
    {
        var then = StateAt(stream, now.InstanceId, read);
        return then.Status == now.Status ? null : Refuse(StatusChanged,
            $"the project was {then.Status.ToString().ToLowerInvariant()} at version {read}, which you read, and is {now.Status.ToString().ToLowerInvariant()} now: re-read it");
    }

    private static WorkflowState StateAt(IReadOnlyList<RecordedEvent> stream, Guid instanceId, long version) =>
        WorkflowState.Fold(instanceId, stream.Take((int)version).Select(e => e.Event));

    private static string Describe(StepStatus open) => open == StepStatus.Active ? "open for a decision" : "waiting for a resubmission";

    private static Refusal Refuse(string rule, string message) => new(RefusalCodes.Conflict, message, rule);
}
