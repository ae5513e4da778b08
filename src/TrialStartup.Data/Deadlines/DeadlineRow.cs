namespace TrialStartup.Data.Deadlines;

/// <summary>
/// One turnaround deadline (a warning or a breach of a step's target): the source of truth the timer jobs re-check.
/// Written with the events that arm, fire or cancel it (in the append's transaction), so it is never ahead of or behind
/// the instance; only <see cref="JobId"/> is written afterwards, by the scheduler that armed the job.
/// </summary>
public sealed class DeadlineRow
{
    public Guid WorkflowInstanceId { get; set; }

    /// <summary>The engine's timer id (<c>step/round/kind@version</c>): stable across replays.</summary>
    public string TimerId { get; set; } = "";

    public Guid SiteProjectId { get; set; }

    public Guid TrialId { get; set; }

    public Guid InstitutionId { get; set; }

    public string StepId { get; set; } = "";

    public int Round { get; set; }

    /// <summary>warning or breach.</summary>
    public string Kind { get; set; } = "";

    public DateTimeOffset DueAt { get; set; }

    /// <summary>The working-day calendar the deadline was computed with, and the calendar file's hash (its version).</summary>
    public string CalendarId { get; set; } = "";

    public string CalendarHash { get; set; } = "";

    /// <summary>armed, fired or cancelled (the step completed, the clock stopped, the instance ended).</summary>
    public string State { get; set; } = DeadlineStates.Armed;

    public DateTimeOffset ArmedAt { get; set; }

    /// <summary>When it fired or was cancelled.</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>The timer job that fires it, so cancelling the deadline deletes the job.</summary>
    public string? JobId { get; set; }
}
