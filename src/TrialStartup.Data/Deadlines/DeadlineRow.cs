namespace TrialStartup.Data.Deadlines;

/// <summary>
/// One turnaround deadline (a warning or a breach of a step's target): the source of truth the timer jobs re-check.
/// Written with the events that arm, fire or cancel it (in the append's transaction), so it is never ahead of or behind
/// the instance; only <see cref="JobId"/> (by the scheduler that armed the job) and <see cref="ClaimedUntil"/> (by the
/// process firing it) are written afterwards.
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

    /// <summary>
    /// The working-day calendar the deadline was computed with, and the calendar file's hash (its version). When the hosts
    /// load a changed file, every armed deadline of an older hash is recomputed on it (moved only if its day changes), and
    /// its hash is brought up to date, so it is looked at once per change.
    /// </summary>
    public string CalendarId { get; set; } = "";

    public string CalendarHash { get; set; } = "";

    /// <summary>
    /// The due date was counted through a year the calendar knows only by its rule (no holiday notice yet): it fires like
    /// any other, and moves if the notice, once added, says otherwise.
    /// </summary>
    public bool Provisional { get; set; }

    /// <summary>When it was due before it was last moved by a calendar change; null if it never moved.</summary>
    public DateTimeOffset? PreviousDueAt { get; set; }

    /// <summary>Why it was last moved, for people (which calendar changed); null if it never moved.</summary>
    public string? RescheduleReason { get; set; }

    /// <summary>armed, fired or cancelled (the step completed, the clock stopped, the instance ended).</summary>
    public string State { get; set; } = DeadlineStates.Armed;

    public DateTimeOffset ArmedAt { get; set; }

    /// <summary>When it fired or was cancelled.</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>
    /// The timer job that wakes the firing at its due instant. Deadlines due at the same instant share one job, which
    /// stays when they are cancelled (it then finds nothing due).
    /// </summary>
    public string? JobId { get; set; }

    /// <summary>
    /// Set when a process claims the due deadline to fire it: until then no other process takes it, so any number of
    /// Workers fire a backlog together without doing one twice. A process that dies mid-batch leaves claims that expire.
    /// </summary>
    public DateTimeOffset? ClaimedUntil { get; set; }

    /// <summary>Which claim <see cref="ClaimedUntil"/> belongs to: the claiming run reads back the rows it won.</summary>
    public Guid? ClaimToken { get; set; }
}
