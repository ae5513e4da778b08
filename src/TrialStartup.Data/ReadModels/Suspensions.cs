namespace TrialStartup.Data.ReadModels;

using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// Cuts a step's stretch at the project's suspensions. A suspension (its ethics approval suspended, here or at the
/// lead site) stops every clock, the engine's deadlines included; so its time is a stretch of its own, held by
/// <see cref="HeldBy"/>, which no report counts as the time of the role that had the step.
/// </summary>
public static class Suspensions
{
    /// <summary><see cref="StepDurationRow.HeldBy"/> of the time a step spent while its project was suspended.</summary>
    public const string HeldBy = "suspended";

    /// <summary>The outcome of a stretch cut short by a suspension.</summary>
    public const string CutBySuspension = "suspended";

    /// <summary>The outcome of a suspended stretch ended by the project's resumption.</summary>
    public const string EndedByResumption = "resumed";

    /// <summary>
    /// The pieces of the stretch <paramref name="heldBy"/> opened with <c>events[<paramref name="opening"/>]</c> and held
    /// until <paramref name="until"/>, which is the time of <c>events[<paramref name="end"/>]</c> for a closed stretch, or
    /// now (<paramref name="end"/> = the event count) for one still open. Every piece but the last has its outcome; the
    /// last one's is the caller's (the decision, resubmission or cancellation that closed it, or none while open).
    /// </summary>
    public static IEnumerable<(string HeldBy, DateTimeOffset From, DateTimeOffset To, string? Outcome)> Pieces(
        IReadOnlyList<WorkflowEvent> events, int opening, int end, string heldBy, DateTimeOffset until)
    {
        ArgumentNullException.ThrowIfNull(events);
        var suspended = events.Take(opening).LastOrDefault(e => e is WorkflowSuspended or WorkflowResumed) is WorkflowSuspended;
        var from = events[opening].At;
        for (var k = opening + 1; k < end; k++)
        {
            switch (events[k])
            {
                case WorkflowSuspended s when !suspended:
                    yield return (heldBy, from, s.At, CutBySuspension);
                    (from, suspended) = (s.At, true);
                    break;
                case WorkflowResumed r when suspended:
                    yield return (HeldBy, from, r.At, EndedByResumption);
                    (from, suspended) = (r.At, false);
                    break;
            }
        }

        yield return (suspended ? HeldBy : heldBy, from, until, null);
    }
}
