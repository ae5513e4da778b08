namespace TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// An open task was put on a meeting's agenda, moved to another meeting, or (<paramref name="MeetingId"/> null) taken
/// off the agenda. From here until <paramref name="MeetingAt"/> the task waits for the meeting: the reports count that
/// time as a stretch of its own, and the clock keeps running.
/// </summary>
/// <param name="StepId">The task.</param>
/// <param name="Round">Its round.</param>
/// <param name="MeetingId">The meeting; null when taken off the agenda.</param>
/// <param name="MeetingAt">When the meeting starts; null when taken off the agenda.</param>
/// <param name="By">Who.</param>
/// <param name="At">When.</param>
public sealed record MeetingSet(string StepId, int Round, Guid? MeetingId, DateTimeOffset? MeetingAt, Actor By, DateTimeOffset At) : WorkflowEvent(At);
