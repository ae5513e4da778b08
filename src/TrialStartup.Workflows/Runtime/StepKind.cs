namespace TrialStartup.Workflows.Runtime;

/// <summary>
/// What an activated step is: a task someone decides, or a wait for a signal from outside (a participating site waiting
/// for the lead's approval). Written in events by its kebab-case name (<c>task</c>, <c>wait</c>).
/// </summary>
public enum StepKind
{
    /// <summary>A task a role decides (review, signing, meeting).</summary>
    Task,

    /// <summary>A wait for a signal (the lead site's ethics approval or contract).</summary>
    Wait,
}
