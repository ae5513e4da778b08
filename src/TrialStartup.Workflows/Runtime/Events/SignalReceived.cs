namespace TrialStartup.Workflows.Runtime.Events;
/// <summary>A signal from outside the instance arrived.</summary>
/// <param name="Signal">The signal.</param>
/// <param name="Reference">The publication it came from; with the signal, what makes a receipt unique.</param>
/// <param name="At">When.</param>
public sealed record SignalReceived(string Signal, string? Reference, DateTimeOffset At) : WorkflowEvent(At);
