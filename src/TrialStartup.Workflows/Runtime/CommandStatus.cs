namespace TrialStartup.Workflows.Runtime;

/// <summary>What became of a command.</summary>
public enum CommandStatus
{
    /// <summary>Its events were appended (or, for a repeated command id, had been appended the first time).</summary>
    Accepted,
    /// <summary>The current state does not allow it; nothing was written.</summary>
    Refused,
    /// <summary>The stream moved on since the caller read it; nothing was written; re-read and retry.</summary>
    Conflict,
}
