namespace TrialStartup.Workflows.Runtime;

/// <summary>Where a step of an instance stands.</summary>
public enum StepStatus
{
    /// <summary>Open: the step's role holds the work (or a wait step waits for its signal).</summary>
    Active,
    /// <summary>The reviewer asked for changes: the submitter holds the work and the clock is stopped.</summary>
    HeldBySubmitter,
    /// <summary>Decided.</summary>
    Completed,
    /// <summary>Closed without a decision.</summary>
    Cancelled,
}
