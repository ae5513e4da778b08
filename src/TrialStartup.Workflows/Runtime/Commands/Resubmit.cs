namespace TrialStartup.Workflows.Runtime.Commands;

/// <summary>The submitter answers a change request; the work goes back to review as the next round.</summary>
/// <param name="CommandId">See <see cref="WorkflowCommand"/>.</param>
/// <param name="InstanceId">The instance.</param>
/// <param name="ExpectedVersion">The version the submitter saw.</param>
/// <param name="By">The submitter, in the role the revision named.</param>
/// <param name="StepId">The task that asked for changes.</param>
/// <param name="Note">What changed.</param>
public sealed record Resubmit(Guid CommandId, Guid InstanceId, long? ExpectedVersion, Actor By, string StepId, string? Note = null)
    : WorkflowCommand(CommandId, InstanceId, ExpectedVersion, By);
