namespace TrialStartup.Data.ReadModels;

/// <summary>An open task in someone's inbox: by role and institution, sorted by deadline.</summary>
public sealed class OpenTaskRow
{
    public Guid WorkflowInstanceId { get; set; }

    public string StepId { get; set; } = "";

    public Guid SiteProjectId { get; set; }

    public Guid TrialId { get; set; }

    public Guid InstitutionId { get; set; }

    public Guid SponsorId { get; set; }

    /// <summary>The role that holds it: the reviewer's, or the submitter's while changes are requested.</summary>
    public string Role { get; set; } = "";

    public bool HeldBySubmitter { get; set; }

    /// <summary>
    /// Who handed the task to its holder (the engine's <c>StepState.HandedOverBy</c>): a person's id, or <c>system</c> when a
    /// deadline or another site's signal opened it; <c>null</c> on rows written before it was kept.
    /// </summary>
    public string? HandedOverById { get; set; }

    /// <summary>Their printed name.</summary>
    public string? HandedOverByName { get; set; }

    /// <summary>The role they acted in.</summary>
    public string? HandedOverByRole { get; set; }

    /// <summary>The code of the organisation they acted for.</summary>
    public string? HandedOverByOrganisation { get; set; }

    public int Round { get; set; }

    public string Priority { get; set; } = "normal";

    public DateTimeOffset OpenedAt { get; set; }

    /// <summary>The breach deadline; <c>null</c> while the clock is stopped.</summary>
    public DateTimeOffset? DueAt { get; set; }

    /// <summary>The due date counts through a year known only by the calendar's rule, so it may still move.</summary>
    public bool DueProvisional { get; set; }

    /// <summary>When the task was due before a calendar change moved its deadline; null if it never moved.</summary>
    public DateTimeOffset? DuePreviously { get; set; }

    /// <summary>Why the deadline moved; null if it never moved.</summary>
    public string? DueChangeReason { get; set; }

    /// <summary>When the committee meeting whose agenda the task is on starts; null when on none.</summary>
    public DateTimeOffset? MeetingAt { get; set; }

    /// <summary>The instance version the task was seen at: the expected version for a decision.</summary>
    public long Version { get; set; }
}
