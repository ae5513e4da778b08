namespace TrialStartup.Workflows.Runtime.Commands;

/// <summary>The submitter answers a change request. See <see cref="TaskReference"/> for what it conflicts with.</summary>
/// <param name="CommandId">See <see cref="WorkflowCommand"/>.</param>
/// <param name="InstanceId">The instance.</param>
/// <param name="ExpectedVersion">Kept for one release: the version read, meaning "the change request as of that version"; prefer <paramref name="Round"/>.</param>
/// <param name="By">The submitter.</param>
/// <param name="StepId">The step whose change request is answered.</param>
/// <param name="Note">What changed.</param>
/// <param name="Round">The round in which the changes were requested, as the inbox showed it.</param>
public sealed record Resubmit(Guid CommandId, Guid InstanceId, long? ExpectedVersion, Actor By, string StepId, string? Note = null, int? Round = null)
    : WorkflowCommand(CommandId, InstanceId, ExpectedVersion, By);
