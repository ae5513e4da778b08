namespace TrialStartup.Data.Trials;

/// <summary>One trial at one institution: what a start-up workflow instance runs for.</summary>
public sealed class SiteProject
{
    private SiteProject()
    {
    }

    public SiteProject(Guid id, Guid trialId, Guid institutionId, Guid sponsorId, SiteRole siteRole, string definitionId,
        Guid workflowInstanceId, DateTimeOffset createdAt)
    {
        Id = id;
        TrialId = trialId;
        InstitutionId = institutionId;
        SponsorId = sponsorId;
        SiteRole = siteRole;
        DefinitionId = definitionId;
        WorkflowInstanceId = workflowInstanceId;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }

    public Guid TrialId { get; private set; }

    public Guid InstitutionId { get; private set; }

    /// <summary>The trial's sponsor, kept here so every authorisation check is one indexed lookup.</summary>
    public Guid SponsorId { get; private set; }

    /// <summary>The site's part in its trial.</summary>
    public SiteRole SiteRole { get; private set; }

    /// <summary>The workflow definition the project's instance runs.</summary>
    public string DefinitionId { get; private set; } = "";

    public Guid WorkflowInstanceId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When the dossier was submitted and the workflow started; <c>null</c> while it is being assembled.</summary>
    public DateTimeOffset? SubmittedAt { get; private set; }

    public void MarkSubmitted(DateTimeOffset at)
    {
        if (SubmittedAt is not null)
        {
            throw new InvalidOperationException($"site project {Id} was already submitted at {SubmittedAt:O}");
        }

        SubmittedAt = at;
    }
}
