namespace TrialStartup.Workflows.Runtime;

/// <summary>The answer to a command.</summary>
/// <param name="Status">Accepted, refused or conflict.</param>
/// <param name="Version">The stream's version after the command (or as found, when refused).</param>
/// <param name="Events">The events the command produced; empty unless accepted.</param>
/// <param name="Refusal">Why it was refused or conflicted; <c>null</c> when accepted.</param>
/// <param name="IsRepeat"><c>true</c> when the command id had been handled before and this is its first result again.</param>
public sealed record CommandResult(CommandStatus Status, long Version, IReadOnlyList<RecordedEvent> Events, Refusal? Refusal, bool IsRepeat = false)
{
    /// <summary>Shorthand for <see cref="CommandStatus.Accepted"/>.</summary>
    public bool IsAccepted => Status == CommandStatus.Accepted;
}
