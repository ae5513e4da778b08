namespace TrialStartup.Data.Audit;

using TrialStartup.Data.Chains;

/// <summary>
/// One command as it was asked for, accepted or refused: who, in which role, for which organisation, what, when
/// (UTC) and why. Append-only: the data layer offers no update or delete, and the API none either, and each entry is a
/// link of its resource's hash chain (one per site project, one per organisation's own audit), so a row changed, removed
/// or reordered with SQL is found.
/// </summary>
public sealed class AuditEntry : ChainedRow
{
    private AuditEntry()
    {
    }

    public AuditEntry(DateTimeOffset at, string actorId, string actorName, string role, string organisation, string action,
        string resourceType, Guid resourceId, bool accepted, string? outcome, string? reason, Guid? commandId)
    {
        At = at;
        ActorId = actorId;
        ActorName = actorName;
        Role = role;
        Organisation = organisation;
        Action = action;
        ResourceType = resourceType;
        ResourceId = resourceId;
        Accepted = accepted;
        Outcome = outcome;
        Reason = reason;
        CommandId = commandId;
    }

    public long Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    public string ActorId { get; private set; } = "";

    public string ActorName { get; private set; } = "";

    public string Role { get; private set; } = "";

    public string Organisation { get; private set; } = "";

    /// <summary>What was asked, such as <c>record-decision</c>.</summary>
    public string Action { get; private set; } = "";

    public string ResourceType { get; private set; } = "";

    public Guid ResourceId { get; private set; }

    public bool Accepted { get; private set; }

    /// <summary>The decision's outcome, or the refusal code.</summary>
    public string? Outcome { get; private set; }

    /// <summary>The actor's reason, or the refusal's message.</summary>
    public string? Reason { get; private set; }

    public Guid? CommandId { get; private set; }

    /// <inheritdoc />
    public override string ChainKey => $"{ResourceType}/{ResourceId:D}";

    /// <inheritdoc />
    public override IReadOnlyList<string> ChainParts() =>
        [ChainKey, Chains.ChainParts.Of(ChainSequence ?? 0), Chains.ChainParts.Of(At), ActorId, ActorName, Role, Organisation, Action,
            Chains.ChainParts.Of(Accepted), Outcome ?? "", Reason ?? "", Chains.ChainParts.Of(CommandId)];

    /// <summary>
    /// Turns a staged entry into the record of a refusal. Entries are staged before the command runs so an accepted
    /// command's entry commits with its events; once saved, an entry never changes.
    /// </summary>
    public void RecordRefusal(string code, string message)
    {
        if (Id != 0)
        {
            throw new InvalidOperationException($"audit entry {Id} is saved and cannot change");
        }

        Accepted = false;
        Outcome = code;
        Reason = message;
    }
}
