namespace TrialStartup.Workflows.Runtime.Commands;

/// <summary>
/// Delivers a signal from outside, such as the lead site's ethics approval or suspension, to an instance. It completes
/// the waits for it and takes the definition's intervention whose <c>onSignal</c> names it. A signal name may arrive
/// many times, once per publication; the same signal with the same reference again is refused as already received.
/// </summary>
/// <param name="CommandId">See <see cref="WorkflowCommand"/>; use the message id so a redelivery changes nothing.</param>
/// <param name="InstanceId">The instance.</param>
/// <param name="By">Usually <see cref="Actor.System"/>; recorded as who acted when the signal takes an intervention.</param>
/// <param name="Signal">The signal's name.</param>
/// <param name="Reference">The publication it comes from, unique per publication and the same on every redelivery of it,
/// such as the lead site's instance and stream version <c>"{instance}@{version}"</c>.</param>
public sealed record ReceiveSignal(Guid CommandId, Guid InstanceId, Actor By, string Signal, string? Reference = null)
    : WorkflowCommand(CommandId, InstanceId, null, By);
