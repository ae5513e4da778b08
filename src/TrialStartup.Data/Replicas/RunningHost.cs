namespace TrialStartup.Data.Replicas;

/// <summary>
/// A host of the installation that is running (or ran until <see cref="LastSeenAt"/>), with the settings every host
/// must share, so that a host starting with other values is stopped before it serves (see
/// <c>TrialStartup.Messaging.Hosting.ReplicaSettingsCheck</c>).
/// </summary>
public sealed class RunningHost
{
    private RunningHost()
    {
    }

    public RunningHost(string hostId, string application, string settings, DateTimeOffset startedAt)
    {
        HostId = hostId;
        Application = application;
        Settings = settings;
        StartedAt = startedAt;
        LastSeenAt = startedAt;
    }

    /// <summary>Machine, process and a random part: unique per process.</summary>
    public string HostId { get; private set; } = "";

    /// <summary>The host's application (TrialStartup.Api, TrialStartup.Worker).</summary>
    public string Application { get; private set; } = "";

    /// <summary>The shared settings as a JSON object of name and value.</summary>
    public string Settings { get; private set; } = "";

    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>When the host last said it is running; it counts as gone a while after.</summary>
    public DateTimeOffset LastSeenAt { get; private set; }
}
