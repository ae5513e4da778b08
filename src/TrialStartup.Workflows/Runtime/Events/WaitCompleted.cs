namespace TrialStartup.Workflows.Runtime.Events;
/// <summary>A wait step's signal is in.</summary>
/// <param name="StepId">The wait step.</param>
/// <param name="Signal">The signal.</param>
/// <param name="At">When.</param>
public sealed record WaitCompleted(string StepId, string Signal, DateTimeOffset At) : WorkflowEvent(At);
