namespace TrialStartup.Workflows.Runtime.Commands;

/// <summary>Takes one of the definition's interventions, such as suspending or terminating an ethics approval.</summary>
/// <param name="CommandId">See <see cref="WorkflowCommand"/>.</param>
/// <param name="InstanceId">The instance.</param>
/// <param name="ExpectedVersion">The version the actor saw.</param>
/// <param name="By">Who intervenes, in the intervention's role.</param>
/// <param name="InterventionId">The intervention's id in the definition.</param>
/// <param name="Reason">Why.</param>
public sealed record Intervene(Guid CommandId, Guid InstanceId, long? ExpectedVersion, Actor By, string InterventionId, string? Reason = null)
    : WorkflowCommand(CommandId, InstanceId, ExpectedVersion, By);
