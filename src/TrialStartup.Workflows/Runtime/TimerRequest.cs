namespace TrialStartup.Workflows.Runtime;

/// <summary>A timer to arm: when it falls due, fire <see cref="Commands.FireTimer"/> with these ids.</summary>
/// <param name="InstanceId">The instance.</param>
/// <param name="TimerId">The timer.</param>
/// <param name="DueAt">When.</param>
public sealed record TimerRequest(Guid InstanceId, string TimerId, DateTimeOffset DueAt);
