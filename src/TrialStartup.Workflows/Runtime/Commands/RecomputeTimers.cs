namespace TrialStartup.Workflows.Runtime.Commands;

/// <summary>
/// The instance's calendar file changed: recompute its live timers on it. Each timer whose due instant or provisional
/// mark changes is rescheduled (<see cref="Events.TimerRescheduled"/>); the others are left as they are, so a
/// calendar change that moves nothing writes nothing. Fired and cancelled timers are never touched.
/// </summary>
/// <param name="CommandId">See <see cref="WorkflowCommand"/>.</param>
/// <param name="InstanceId">The instance.</param>
public sealed record RecomputeTimers(Guid CommandId, Guid InstanceId)
    : WorkflowCommand(CommandId, InstanceId, null, Actor.System);
