namespace TrialStartup.Workflows.Runtime.Events;
/// <summary>The instance ended with a result; nothing more can happen to it.</summary>
/// <param name="Result">Such as activated, disapproved or terminated.</param>
/// <param name="Source">The end step or intervention that ended it.</param>
/// <param name="At">When.</param>
public sealed record WorkflowEnded(string Result, string Source, DateTimeOffset At) : WorkflowEvent(At);
