namespace TrialStartup.Workflows.Definitions;

/// <summary>What an intervention does.</summary>
public enum InterventionEffect
{
    /// <summary>Holds every open step and stops their clocks until resumed.</summary>
    Suspend,
    /// <summary>Lifts a suspension; clocks restart with their remaining working time.</summary>
    Resume,
    /// <summary>Ends the instance, cancelling what is open.</summary>
    Terminate,
}
