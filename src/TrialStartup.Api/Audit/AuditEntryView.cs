namespace TrialStartup.Api.Audit;

using TrialStartup.Data.Audit;

/// <summary>One audit entry: who (id, printed name, role, organisation), what, about which resource, when (UTC), and the result.</summary>
/// <param name="Accepted">Whether the command was accepted.</param>
/// <param name="Outcome">The decision's outcome when accepted, the refusal code when refused.</param>
/// <param name="Reason">The actor's reason when accepted, the refusal's message when refused.</param>
/// <param name="ChainSequence">The entry's place in its resource's hash chain (1, 2, 3 …); null only before the chains linked it.</param>
/// <param name="Hash">Its link in that chain: SHA-256 of the previous link and its content, which <c>audit verify</c> checks.</param>
public sealed record AuditEntryView(long Id, DateTimeOffset At, string ActorId, string ActorName, string Role, string Organisation,
    string Action, string ResourceType, Guid ResourceId, bool Accepted, string? Outcome, string? Reason, Guid? CommandId, long? ChainSequence, string? Hash)
{
    /// <summary>Maps a stored entry, its time in UTC.</summary>
    public static AuditEntryView From(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new(entry.Id, entry.At.ToUniversalTime(), entry.ActorId, entry.ActorName, entry.Role, entry.Organisation, entry.Action,
            entry.ResourceType, entry.ResourceId, entry.Accepted, entry.Outcome, entry.Reason, entry.CommandId, entry.ChainSequence, entry.Hash);
    }
}
