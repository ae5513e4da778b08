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

/// <summary>How an instance's status is written in read models, the API and reports.</summary>
public static class InstanceStatuses
{
    /// <summary>The status's name: <c>not-started</c>, <c>running</c>, <c>suspended</c> or <c>ended</c>.</summary>
    public static string Name(this InstanceStatus status) => status switch
    {
        InstanceStatus.NotStarted => "not-started",
        InstanceStatus.Running => "running",
        InstanceStatus.Suspended => "suspended",
        InstanceStatus.Ended => "ended",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "not an instance status"),
    };

    /// <summary>The status named <paramref name="name"/> (as <see cref="Name"/> writes it).</summary>
    public static InstanceStatus Parse(string name) => name switch
    {
        "not-started" => InstanceStatus.NotStarted,
        "running" => InstanceStatus.Running,
        "suspended" => InstanceStatus.Suspended,
        "ended" => InstanceStatus.Ended,
        _ => throw new FormatException($"'{name}' is not an instance status (not-started, running, suspended or ended)"),
    };
}
