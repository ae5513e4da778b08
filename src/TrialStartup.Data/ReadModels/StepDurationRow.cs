namespace TrialStartup.Data.ReadModels;

/// <summary>
/// One closed stretch of one step: who held it (the institution's role, or the submitter while changes were
/// requested), from when to when, and how it ended. The monitoring reports add these up.
/// </summary>
public sealed class StepDurationRow
{
    public long Id { get; set; }

    public Guid WorkflowInstanceId { get; set; }

    public Guid SiteProjectId { get; set; }

    public Guid InstitutionId { get; set; }

    public string StepId { get; set; } = "";

    public int Round { get; set; }

    /// <summary>The role that held the work during this stretch.</summary>
    public string HeldBy { get; set; } = "";

    public DateTimeOffset OpenedAt { get; set; }

    public DateTimeOffset ClosedAt { get; set; }

    /// <summary>The outcome, <c>resubmitted</c>, or <c>cancelled</c>.</summary>
    public string Outcome { get; set; } = "";
}
