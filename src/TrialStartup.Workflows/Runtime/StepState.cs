namespace TrialStartup.Workflows.Runtime;

/// <summary>One step of an instance as the events left it.</summary>
public sealed record StepState
{
    /// <summary>The step.</summary>
    public required string StepId { get; init; }

    /// <summary>A task or a wait.</summary>
    public required StepKind Kind { get; init; }

    /// <summary>The current (or last) round.</summary>
    public int Round { get; init; }

    /// <summary>The stream version of the <see cref="Events.StepActivated"/> that opened this round: a read older than it saw another task.</summary>
    public long ActivatedAtVersion { get; init; }

    /// <summary>Where it stands.</summary>
    public StepStatus Status { get; init; }

    /// <summary>The role that holds the work now: the reviewer's when active, the submitter's when held; <c>null</c> when closed.</summary>
    public string? Holder { get; init; }

    /// <summary>
    /// Who handed the work to its holder: the person whose command opened this round (a decision, a resubmission, the
    /// start) or asked for changes; <see cref="Actor.System"/> when a deadline or another site's signal opened it.
    /// </summary>
    public Actor? HandedOverBy { get; init; }

    /// <summary>When the step first opened.</summary>
    public DateTimeOffset OpenedAt { get; init; }

    /// <summary>When its clock last started; <c>null</c> while stopped or closed.</summary>
    public DateTimeOffset? ClockStartedAt { get; init; }

    /// <summary>Working days used before <see cref="ClockStartedAt"/>, all rounds together.</summary>
    public int ElapsedWorkingDays { get; init; }

    /// <summary>The last outcome decided.</summary>
    public string? Outcome { get; init; }

    /// <summary>For a held step, the task the resubmission goes to.</summary>
    public string? ReturnTo { get; init; }

    /// <summary>When the committee meeting whose agenda the open task is on starts; <c>null</c> when on none.</summary>
    public DateTimeOffset? MeetingAt { get; init; }

    /// <summary>The meeting whose agenda the open task is on; <c>null</c> when on none.</summary>
    public Guid? MeetingId { get; init; }

    /// <summary>When the step closed.</summary>
    public DateTimeOffset? ClosedAt { get; init; }
}
