namespace TrialStartup.Workflows.Runtime;

/// <summary>Where an instance stands.</summary>
public enum InstanceStatus
{
    /// <summary>No event yet.</summary>
    NotStarted,
    /// <summary>Running.</summary>
    Running,
    /// <summary>Held by an intervention; decisions are refused until it is resumed.</summary>
    Suspended,
    /// <summary>Ended; see <see cref="WorkflowState.Result"/>.</summary>
    Ended,
}
