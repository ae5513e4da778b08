namespace TrialStartup.Workflows.Runtime.Events;
/// <summary>The reviewer asked for changes: the submitter holds the work until it resubmits.</summary>
/// <param name="StepId">The task that asked.</param>
/// <param name="Round">The round that asked.</param>
/// <param name="HolderRole">The role that must revise.</param>
/// <param name="ReturnTo">The task the resubmission goes to.</param>
/// <param name="At">When.</param>
public sealed record RevisionRequested(string StepId, int Round, string HolderRole, string ReturnTo, DateTimeOffset At) : WorkflowEvent(At);
