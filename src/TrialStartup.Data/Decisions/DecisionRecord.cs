namespace TrialStartup.Data.Decisions;

/// <summary>
/// The electronic signature of one reviewer's decision (GCP): who decided, the printed name and the meaning of the
/// signature, when, and which document versions it covered, by their SHA-256. Written in the same transaction as
/// the decision's events, so a record exists exactly when the decision does. Never changed.
/// </summary>
public sealed class DecisionRecord
{
    private DecisionRecord()
    {
    }

    public DecisionRecord(Guid id, Guid siteProjectId, Guid workflowInstanceId, string stepId, int round, string outcome, string? reason,
        string printedName, string signatureMeaning, DateTimeOffset signedAt, string actorId, string actorRole, string actorOrganisation,
        Guid commandId, string coveredDocuments)
    {
        Id = id;
        SiteProjectId = siteProjectId;
        WorkflowInstanceId = workflowInstanceId;
        StepId = stepId;
        Round = round;
        Outcome = outcome;
        Reason = reason;
        PrintedName = printedName;
        SignatureMeaning = signatureMeaning;
        SignedAt = signedAt;
        ActorId = actorId;
        ActorRole = actorRole;
        ActorOrganisation = actorOrganisation;
        CommandId = commandId;
        CoveredDocuments = coveredDocuments;
    }

    public Guid Id { get; private set; }

    public Guid SiteProjectId { get; private set; }

    public Guid WorkflowInstanceId { get; private set; }

    /// <summary>The task decided.</summary>
    public string StepId { get; private set; } = "";

    /// <summary>The review round decided (1, then 2, 3 … after resubmissions).</summary>
    public int Round { get; private set; }

    public string Outcome { get; private set; } = "";

    /// <summary>The reviewer's reason, as given with the decision.</summary>
    public string? Reason { get; private set; }

    /// <summary>The name the reviewer signed with, as typed at signing (not the token's name, which may differ).</summary>
    public string PrintedName { get; private set; } = "";

    /// <summary>What the signature means, such as "approved as chair of the ethics committee".</summary>
    public string SignatureMeaning { get; private set; } = "";

    /// <summary>UTC time of signing.</summary>
    public DateTimeOffset SignedAt { get; private set; }

    public string ActorId { get; private set; } = "";

    public string ActorRole { get; private set; } = "";

    /// <summary>The code of the organisation the reviewer acted for.</summary>
    public string ActorOrganisation { get; private set; } = "";

    /// <summary>The engine command that recorded the decision; its events carry the same id.</summary>
    public Guid CommandId { get; private set; }

    /// <summary>
    /// JSON array of <c>{ "kind", "version", "sha256" }</c>: the latest version of each document kind of the dossier
    /// when the decision was signed. Stored as text because it is read whole and never queried into.
    /// </summary>
    public string CoveredDocuments { get; private set; } = "[]";
}
