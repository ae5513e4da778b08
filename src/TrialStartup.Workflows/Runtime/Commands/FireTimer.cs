namespace TrialStartup.Workflows.Runtime.Commands;

/// <summary>
/// A timer job reports that a timer fell due. The engine re-checks that the timer is still live, so a late,
/// repeated or stale job is refused and writes nothing.
/// </summary>
/// <param name="CommandId">See <see cref="WorkflowCommand"/>.</param>
/// <param name="InstanceId">The instance.</param>
/// <param name="TimerId">The timer, as scheduled.</param>
public sealed record FireTimer(Guid CommandId, Guid InstanceId, string TimerId)
    : WorkflowCommand(CommandId, InstanceId, null, Actor.System);
