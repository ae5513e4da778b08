namespace TrialStartup.Workflows.Runtime.Events;
/// <summary>A task or wait step opened; for a task, the role now holds the work.</summary>
/// <param name="StepId">The step.</param>
/// <param name="Kind">A task or a wait.</param>
/// <param name="Round">The review round, 1 for the first.</param>
/// <param name="Role">The role that holds a task; null for a wait.</param>
/// <param name="ElapsedWorkingDays">Working days already used by earlier rounds of this step (the clock resumes from here).</param>
/// <param name="At">When.</param>
public sealed record StepActivated(string StepId, StepKind Kind, int Round, string? Role, int ElapsedWorkingDays, DateTimeOffset At) : WorkflowEvent(At);
