namespace TrialStartup.Data.ReadModels;

using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// How a step's time is cut into stretches, for the read model (<see cref="StepDurationRow"/>, when a stretch closes)
/// and the reports (stretches still open): a stretch begins at the step's activation, or at the change request while the
/// submitter holds it, and is cut at the project's suspensions. A suspension (its ethics approval suspended, here or at
/// the lead site) stops every clock, the engine's deadlines included; so its time is a stretch of its own, held by
/// <see cref="Suspended"/>, which no report counts as the time of the role that had the step. A task on a committee
/// meeting's agenda waits for the meeting from its placement (<see cref="MeetingSet"/>) until the meeting starts: that
/// time is held by <see cref="WaitingForMeeting"/>, still the institution's (its meeting schedule is its own choice).
/// </summary>
public static class StepStretches
{
    /// <summary><see cref="StepDurationRow.HeldBy"/> of a wait for a signal from another site.</summary>
    public const string Signal = "signal";

    /// <summary><see cref="StepDurationRow.HeldBy"/> of the time a step spent while its project was suspended.</summary>
    public const string Suspended = "suspended";

    /// <summary><see cref="StepDurationRow.HeldBy"/> of the time a task waited on an agenda for its meeting to start.</summary>
    public const string WaitingForMeeting = "waiting-for-meeting";

    /// <summary>The outcome of the piece before a task was put on a meeting's agenda, or moved to another meeting.</summary>
    public const string PlacedOnAgenda = "placed-on-agenda";

    /// <summary>The outcome of a wait for a meeting ended by the meeting's start.</summary>
    public const string MeetingStarted = "meeting-started";

    /// <summary>The outcome of a wait for a meeting ended because the task was taken off the agenda.</summary>
    public const string TakenOffAgenda = "taken-off-agenda";

    /// <summary>The outcome of a stretch cut short by a suspension.</summary>
    public const string CutBySuspension = "suspended";

    /// <summary>The outcome of a suspended stretch ended by the project's resumption.</summary>
    public const string EndedByResumption = "resumed";

    /// <summary>The index of the event that began <paramref name="stepId"/>'s latest stretch before <paramref name="before"/>; -1 if none.</summary>
    public static int OpeningOf(IReadOnlyList<WorkflowEvent> events, string stepId, int before)
    {
        ArgumentNullException.ThrowIfNull(events);
        for (var i = before - 1; i >= 0; i--)
        {
            if (events[i] is StepActivated a && a.StepId == stepId || events[i] is RevisionRequested r && r.StepId == stepId)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The step <paramref name="e"/> closes, how (the outcome a stretch ends with), and its round where the event names
    /// one; null for an event that closes no step.
    /// </summary>
    public static (string StepId, string Outcome, int? Round)? ClosingOf(WorkflowEvent e) => e switch
    {
        TaskCompleted c => (c.StepId, c.Outcome, c.Round),
        Resubmitted r => (r.StepId, "resubmitted", r.Round),
        StepCancelled c => (c.StepId, "cancelled", null),
        WaitCompleted w => (w.StepId, "signal-received", null), // time blocked by another site (the green channel's lead)
        _ => null,
    };

    /// <summary>Who holds a stretch begun by <paramref name="opening"/>, and its round.</summary>
    public static (string HeldBy, int Round) HolderOf(WorkflowEvent opening) => opening switch
    {
        StepActivated a => (a.Role ?? Signal, a.Round),
        RevisionRequested r => (r.HolderRole, r.Round),
        _ => throw new ArgumentException($"a stretch begins with a step's activation or a change request, not {opening.GetType().Name}", nameof(opening)),
    };

    /// <summary>
    /// The pieces of the stretch begun with <c>events[<paramref name="opening"/>]</c> and held until
    /// <paramref name="until"/>, which is the time of <c>events[<paramref name="end"/>]</c> for a closed stretch, or now
    /// (<paramref name="end"/> = the event count) for one still open. Every piece but the last has its outcome; the last
    /// one's is the caller's (the decision, resubmission or cancellation that closed it, or none while open).
    /// </summary>
    public static IEnumerable<(string HeldBy, DateTimeOffset From, DateTimeOffset To, string? Outcome)> Pieces(
        IReadOnlyList<WorkflowEvent> events, int opening, int end, DateTimeOffset until)
    {
        ArgumentNullException.ThrowIfNull(events);
        var (heldBy, _) = HolderOf(events[opening]);
        var stepId = events[opening] switch { StepActivated a => a.StepId, RevisionRequested r => r.StepId, _ => "" };
        var suspended = events.Take(opening).LastOrDefault(e => e is WorkflowSuspended or WorkflowResumed) is WorkflowSuspended;
        var from = events[opening].At;
        DateTimeOffset? meetingAt = null; // while the task waits on an agenda: when its meeting starts
        string Holder() => suspended ? Suspended : meetingAt is null ? heldBy : WaitingForMeeting;
        for (var k = opening + 1; k < end; k++)
        {
            // The meeting started before this event: the wait is over and the committee holds the task again.
            if (meetingAt is { } starts && starts <= events[k].At)
            {
                if (!suspended)
                {
                    yield return (WaitingForMeeting, from, starts, MeetingStarted);
                    from = starts;
                }

                meetingAt = null;
            }

            switch (events[k])
            {
                case WorkflowSuspended s when !suspended:
                    yield return (Holder(), from, s.At, CutBySuspension);
                    (from, suspended) = (s.At, true);
                    break;
                case WorkflowResumed r when suspended:
                    yield return (Suspended, from, r.At, EndedByResumption);
                    (from, suspended) = (r.At, false);
                    break;
                case MeetingSet m when m.StepId == stepId && !suspended:
                    if (m.At > from)
                    {
                        yield return (Holder(), from, m.At, m.MeetingId is null ? TakenOffAgenda : PlacedOnAgenda);
                        from = m.At;
                    }

                    meetingAt = m.MeetingAt > m.At ? m.MeetingAt : null;
                    break;
            }
        }

        if (meetingAt is { } start && start < until && !suspended)
        {
            yield return (WaitingForMeeting, from, start, MeetingStarted);
            (from, meetingAt) = (start, null);
        }

        yield return (Holder(), from, until, null);
    }
}
