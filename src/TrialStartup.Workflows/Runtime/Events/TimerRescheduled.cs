namespace TrialStartup.Workflows.Runtime.Events;
/// <summary>
/// A live timer's due instant was recomputed on a changed calendar (a year's notice added, or an announced year
/// corrected): from the step's clock start with the working days it had already used, as it was first computed.
/// </summary>
/// <param name="TimerId">The timer, which keeps its id.</param>
/// <param name="StepId">The step.</param>
/// <param name="Round">The round.</param>
/// <param name="Kind">Warning or breach.</param>
/// <param name="PreviousDueAt">When it was due before.</param>
/// <param name="DueAt">When it is due now.</param>
/// <param name="Provisional">Whether the new due date still counts through a year known only by the calendar's rule.</param>
/// <param name="CalendarHash">The hash of the calendar file it was recomputed on.</param>
/// <param name="Reason">Why it moved, for people: which calendar changed and up to which year it now lists notices.</param>
/// <param name="At">When.</param>
public sealed record TimerRescheduled(string TimerId, string StepId, int Round, TimerKind Kind, DateTimeOffset PreviousDueAt,
    DateTimeOffset DueAt, bool Provisional, string CalendarHash, string Reason, DateTimeOffset At) : WorkflowEvent(At);
