namespace TrialStartup.Workflows.Runtime.Events;
/// <summary>The instance published a signal for the trial's other sites, such as the lead's ethics approval.</summary>
/// <param name="Signal">The signal.</param>
/// <param name="Source">The step or intervention that published it.</param>
/// <param name="At">When.</param>
public sealed record SignalPublished(string Signal, string Source, DateTimeOffset At) : WorkflowEvent(At);
