namespace TrialStartup.Workflows.Runtime;

using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime.Commands;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// Runs commands against instances: reads the stream, decides, appends atomically, then arms or disarms the
/// timers the new events name. Stateless between calls, so any number of engines may share one store.
/// </summary>
/// <param name="definitions">The published definitions.</param>
/// <param name="calendars">The working-day calendars.</param>
/// <param name="store">Where streams live.</param>
/// <param name="timers">What makes timers fire.</param>
/// <param name="clock">The only source of time.</param>
public sealed class WorkflowEngine(
    DefinitionCatalog definitions, CalendarCatalog calendars, IEventStore store, ITimerScheduler timers, TimeProvider clock)
{
    /// <summary>How many times a command is decided again when another append won the race for the stream.</summary>
    public const int DecideAttempts = 5;

    /// <summary>Handles one command. Never throws for a command the state refuses; see <see cref="CommandResult"/>.</summary>
    /// <remarks>
    /// A person's command conflicts only with changes to its own task (<see cref="TaskReference"/>). The stream's
    /// (stream, version) key stays the arbiter: when another append wins the race, the command is decided again on the
    /// new state, up to <see cref="DecideAttempts"/> times, and accepted if its task is still open.
    /// </remarks>
    public async Task<CommandResult> HandleAsync(WorkflowCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);

        // Commands of this process on the same project (parallel reviews decided at the same moment) take turns: each then
        // decides on what the one before committed instead of losing a race to it and deciding again.
        using var turn = await store.TakeTurnAsync(command.InstanceId, cancellationToken).ConfigureAwait(false);

        // The first decision is made on this process's copy of the stream when it keeps one: no read at all. That copy
        // may lag behind another writer, so what it decides is either an append, which the (stream, version) key refuses
        // when the stream has moved, or an answer that appends nothing (a refusal, a conflict), which is given only once
        // the stored stream says the same. A repeat found in it is certain: the copy is a prefix of the stored stream.
        var cached = store.Cached(command.InstanceId);
        for (var attempt = 1; ; attempt++)
        {
            var fromCache = cached is not null;
            var stream = cached ?? await store.ReadAsync(command.InstanceId, cancellationToken).ConfigureAwait(false);
            cached = null;
            var (answer, append) = Decide(command, stream);
            if (answer is not null && fromCache && !answer.IsRepeat)
            {
                attempt--; // not a race lost, just a copy checked: decide again on the stored stream
                continue;
            }

            if (answer is not null)
            {
                return answer;
            }

            try
            {
                await store.AppendAsync(append!, cancellationToken).ConfigureAwait(false);
            }
            catch (ConcurrencyConflictException conflictOnAppend)
            {
                // Someone appended in between: this very command (a retry racing itself) is answered as a repeat; anything
                // else is decided again on the new state, where its task rule says whether it still stands.
                if (attempt < DecideAttempts)
                {
                    continue; // the next pass reads the stream again and answers a repeat of this very command first
                }

                var now = await store.ReadAsync(command.InstanceId, cancellationToken).ConfigureAwait(false);
                return Repeat(now, command) ?? new CommandResult(CommandStatus.Conflict, conflictOnAppend.ActualVersion, [],
                    new Refusal(RefusalCodes.Conflict, $"the project changed {DecideAttempts} times while this was being recorded: try again", TaskReference.Busy));
            }

            await ArmTimersAsync(command.InstanceId, append!.Events, cancellationToken).ConfigureAwait(false);
            return new CommandResult(CommandStatus.Accepted, append.ExpectedVersion + append.Events.Count, append.Events, null);
        }
    }

    // Decides the command on a stream: either the answer that appends nothing, or what to append.
    private (CommandResult? Answer, StreamAppend? Append) Decide(WorkflowCommand command, IReadOnlyList<RecordedEvent> stream)
    {
        if (Repeat(stream, command) is { } repeat)
        {
            return (repeat, null);
        }

        var version = stream.Count;
        var before = WorkflowState.Fold(command.InstanceId, stream.Select(e => e.Event));
        if (TaskReference.Conflict(stream, before, command) is { } conflict)
        {
            return (new CommandResult(CommandStatus.Conflict, version, [], conflict), null);
        }

        if (Resolve(before, command, out var definition, out var calendar) is { } unresolved)
        {
            return (new CommandResult(CommandStatus.Refused, version, [], unresolved), null);
        }

        // The decider applies what it emits to the state it is given: its own copy, so that the store gets both states.
        var after = WorkflowState.Fold(command.InstanceId, stream.Select(e => e.Event));
        IReadOnlyList<WorkflowEvent> events;
        Refusal? refusal;
        try
        {
            (events, refusal) = WorkflowDecider.Decide(after, command, definition!, calendar!, clock.GetUtcNow());
        }
        catch (CalendarNotCoveredException e)
        {
            // A deadline past the calendar's last year cannot be computed honestly; refuse until the year is added.
            (events, refusal) = ([], new Refusal(RefusalCodes.CalendarNotCovered, e.Message));
        }

        if (refusal is not null)
        {
            return (new CommandResult(CommandStatus.Refused, version, [], refusal), null);
        }

        if (events.Count == 0)
        {
            // Nothing to record (a recomputation on a calendar change that moves no timer): nothing to append or arm.
            return (new CommandResult(CommandStatus.Accepted, version, [], null), null);
        }

        var recorded = events.Select((e, i) => new RecordedEvent(command.InstanceId, version + i + 1, command.CommandId, e)).ToList();
        return (null, new StreamAppend(command.InstanceId, stream, recorded, before, after));
    }

    /// <summary>The instance's current state (empty, <see cref="InstanceStatus.NotStarted"/>, when it does not exist).</summary>
    public async Task<WorkflowState> LoadAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        var stream = await store.ReadAsync(instanceId, cancellationToken).ConfigureAwait(false);
        return WorkflowState.Fold(instanceId, stream.Select(e => e.Event));
    }

    private static CommandResult? Repeat(IReadOnlyList<RecordedEvent> stream, WorkflowCommand command)
    {
        var first = stream.Where(e => e.CommandId == command.CommandId).ToList();
        return first.Count == 0 ? null : new CommandResult(CommandStatus.Accepted, first[^1].Version, first, null, IsRepeat: true);
    }

    private Refusal? Resolve(WorkflowState state, WorkflowCommand command, out WorkflowDefinition? definition, out WorkingDayCalendar? calendar)
    {
        definition = null;
        calendar = null;
        if (command is StartWorkflow start && state.Status == InstanceStatus.NotStarted)
        {
            definition = start.DefinitionVersion is { } v
                ? definitions.All.FirstOrDefault(d => d.Id == start.DefinitionId && d.Version == v)
                : definitions.Latest(start.DefinitionId);
            if (definition is null)
            {
                return new Refusal(RefusalCodes.UnknownDefinition,
                    $"no published definition '{start.DefinitionId}'{(start.DefinitionVersion is { } x ? $" version {x}" : "")}");
            }

            return calendars.TryGet(start.CalendarId, out calendar)
                ? null
                : new Refusal(RefusalCodes.UnknownCalendar, $"no calendar '{start.CalendarId}' (known: {string.Join(", ", calendars.Ids)})");
        }

        if (state.Status == InstanceStatus.NotStarted)
        {
            return new Refusal(RefusalCodes.NotStarted, $"instance {command.InstanceId} has not started");
        }

        definition = definitions.Get(state.DefinitionId!, state.DefinitionVersion);
        if (definition.ContentHash != state.ContentHash)
        {
            // Published definitions are immutable; a changed file under the same version is an operator error to fix, not to absorb.
            throw new InvalidOperationException(
                $"definition {definition} changed after instance {state.InstanceId} started on it (hash {state.ContentHash}); publish changes as a new version");
        }

        calendar = calendars.Get(state.CalendarId!);
        return null;
    }

    private async Task ArmTimersAsync(Guid instanceId, IReadOnlyList<RecordedEvent> events, CancellationToken cancellationToken)
    {
        foreach (var e in events.Select(r => r.Event))
        {
            var task = e switch
            {
                TimerScheduled s => timers.ScheduleAsync(new TimerRequest(instanceId, s.TimerId, s.DueAt), cancellationToken),
                TimerRescheduled r => timers.ScheduleAsync(new TimerRequest(instanceId, r.TimerId, r.DueAt), cancellationToken),
                TimerCancelled c => timers.CancelAsync(instanceId, c.TimerId, cancellationToken),
                TimerFired f => timers.CancelAsync(instanceId, f.TimerId, cancellationToken),
                _ => Task.CompletedTask,
            };
            await task.ConfigureAwait(false);
        }
    }
}
