namespace TrialStartup.Workflows.Runtime.Commands;

/// <summary>
/// Puts an open task on a committee meeting's agenda, moves it to another meeting, or takes it off the agenda
/// (<paramref name="MeetingId"/> null). It decides nothing and stops no clock: the meeting schedule is the institution's
/// choice, so the wait still counts against its turnaround; the event only lets the reports show that wait as a stretch
/// of its own and lets the inbox and the sponsor see the meeting date.
/// </summary>
/// <param name="CommandId">See <see cref="WorkflowCommand"/>.</param>
/// <param name="InstanceId">The instance.</param>
/// <param name="ExpectedVersion">Unused by people's commands (they name the task); kept for the shape of every command.</param>
/// <param name="By">Who places it, in the task's role.</param>
/// <param name="StepId">The task.</param>
/// <param name="Round">The task's round: the placement conflicts only when that task was decided or a new round opened.</param>
/// <param name="MeetingId">The meeting, or null to take the task off the agenda.</param>
/// <param name="MeetingAt">When the meeting starts (null with <paramref name="MeetingId"/>).</param>
public sealed record SetMeeting(Guid CommandId, Guid InstanceId, long? ExpectedVersion, Actor By, string StepId, int Round, Guid? MeetingId,
    DateTimeOffset? MeetingAt) : WorkflowCommand(CommandId, InstanceId, ExpectedVersion, By);
