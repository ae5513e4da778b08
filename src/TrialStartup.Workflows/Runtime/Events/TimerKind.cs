namespace TrialStartup.Workflows.Runtime.Events;
/// <summary>What a turnaround timer does when it falls due.</summary>
public enum TimerKind
{
    /// <summary>Warns the task's owners that the target is near.</summary>
    Warning,
    /// <summary>Records that the target was missed; escalates.</summary>
    Breach,
}
