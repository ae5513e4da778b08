namespace TrialStartup.Data.Decisions;

using TrialStartup.Data.Chains;

/// <summary>
/// The electronic signature of one reviewer's decision (GCP): who decided, the printed name and the meaning of the
/// signature, when, and which document versions it covered, by their SHA-256. Written in the same transaction as
/// the decision's events, so a record exists exactly when the decision does. Never changed.
/// </summary>
/// <remarks>
/// A link of its site project's chain of decisions (21 CFR 11.70): its hash covers the signature's manifestation (name,
/// meaning, time), the decision, the SHA-256 of every document version it covered and the hash of the event the decision
/// produced, so the signature cannot be copied to another record or the record changed without the chain showing it.
/// </remarks>
public sealed class DecisionRecord : ChainedRow
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

    /// <summary>The version of the first event the decision produced in the project's stream (its task's completion).</summary>
    public long? EventVersion { get; private set; }

    /// <summary>That event's hash, so the decision is linked to the event and the event to its stream's chain.</summary>
    public string? EventHash { get; private set; }

    /// <inheritdoc />
    public override string ChainKey => $"site-project/{SiteProjectId:D}";

    /// <summary>
    /// Links the record to the event its decision produced; called with <see cref="Link"/> just before the record is
    /// inserted (again, when a save is retried), never on a saved record.
    /// </summary>
    public void LinkEvent(long version, string hash) => (EventVersion, EventHash) = (version, hash);

    /// <inheritdoc />
    public override IReadOnlyList<string> ChainParts() =>
        [ChainKey, Chains.ChainParts.Of(ChainSequence ?? 0), Chains.ChainParts.Of(Id), Chains.ChainParts.Of(WorkflowInstanceId), StepId,
            Chains.ChainParts.Of(Round), Outcome, Reason ?? "", PrintedName, SignatureMeaning, Chains.ChainParts.Of(SignedAt), ActorId, ActorRole,
            ActorOrganisation, Chains.ChainParts.Of(CommandId), CoveredDocuments, EventVersion is { } v ? Chains.ChainParts.Of(v) : "", EventHash ?? ""];
}
