namespace TrialStartup.Workflows.Runtime.Commands;

/// <summary>Delivers a signal from outside, such as the lead site's ethics approval, to an instance.</summary>
/// <param name="CommandId">See <see cref="WorkflowCommand"/>; use the message id so a redelivery changes nothing.</param>
/// <param name="InstanceId">The instance.</param>
/// <param name="By">Usually <see cref="Actor.System"/>.</param>
/// <param name="Signal">The signal's name.</param>
/// <param name="Reference">Where it came from, such as the lead site's instance.</param>
public sealed record ReceiveSignal(Guid CommandId, Guid InstanceId, Actor By, string Signal, string? Reference = null)
    : WorkflowCommand(CommandId, InstanceId, null, By);
