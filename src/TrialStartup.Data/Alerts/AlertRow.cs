namespace TrialStartup.Data.Alerts;

/// <summary>
/// One entry in a role's alerts: a turnaround warning or breach of a step, addressed to the role that holds the step,
/// or (for a breach) beyond it: to the institution's office head as an escalation, and to the trial's sponsor. Written by the read-model projector with the
/// <c>TimerFired</c> event (in the append's transaction) and resolved when the step completes or is cancelled; only
/// the acknowledgement is written afterwards, by the addressed role.
/// </summary>
public sealed class AlertRow
{
    public Guid Id { get; set; }

    public Guid InstitutionId { get; set; }

    /// <summary>
    /// The role the alert is addressed to: the holder of the step, or for a breach <c>office-head</c> (the
    /// institution's) and <c>sponsor</c> (the trial's).
    /// </summary>
    public string Role { get; set; } = "";

    /// <summary>The role that held the step when the timer fired (equal to <see cref="Role"/> unless escalated).</summary>
    public string HolderRole { get; set; } = "";

    /// <summary>Whether this is a breach told beyond the holder (office head, sponsor) rather than the holder's own alert.</summary>
    public bool Escalation { get; set; }

    public Guid SiteProjectId { get; set; }

    public Guid TrialId { get; set; }

    public Guid SponsorId { get; set; }

    public Guid WorkflowInstanceId { get; set; }

    /// <summary>The engine's timer that fired (<c>step/round/kind@version</c>), as in the deadlines table.</summary>
    public string TimerId { get; set; } = "";

    public string StepId { get; set; } = "";

    public int Round { get; set; }

    /// <summary>warning or breach.</summary>
    public string Kind { get; set; } = "";

    public DateTimeOffset DueAt { get; set; }

    /// <summary>The deadline that fired was provisional: counted through a year known only by the calendar's rule.</summary>
    public bool Provisional { get; set; }

    public DateTimeOffset FiredAt { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; set; }

    /// <summary>The person (token subject) who acknowledged it.</summary>
    public string? AcknowledgedBy { get; set; }

    /// <summary>When the step completed or was cancelled, so the alert no longer asks for action.</summary>
    public DateTimeOffset? ResolvedAt { get; set; }
}
