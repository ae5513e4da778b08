namespace TrialStartup.Data.ReadModels;

using TrialStartup.Workflows.Runtime;

/// <summary>
/// Where one site project's start-up stands, kept current in the same transaction as its events so the sponsor's
/// status pages are one indexed query.
/// </summary>
public sealed class SiteProjectStatusRow
{
    public Guid SiteProjectId { get; set; }

    public Guid WorkflowInstanceId { get; set; }

    public Guid TrialId { get; set; }

    public Guid InstitutionId { get; set; }

    public Guid SponsorId { get; set; }

    /// <summary>running, suspended or ended.</summary>
    public InstanceStatus Status { get; set; }

    /// <summary>Once ended: activated, disapproved, terminated …</summary>
    public string? Result { get; set; }

    public long Version { get; set; }

    public string Priority { get; set; } = "normal";

    /// <summary>The open steps, comma-separated, in step id order.</summary>
    public string CurrentSteps { get; set; } = "";

    /// <summary>Who holds the ball: the roles of the open steps' holders, comma-separated.</summary>
    public string Holders { get; set; } = "";

    /// <summary>Whether the project waits for a signal from outside (the lead site).</summary>
    public bool WaitingForLead { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
