namespace TrialStartup.Workflows.Definitions;

/// <summary>How long a human task may take, in working days of the institution's calendar.</summary>
/// <param name="WorkingDays">The target; the step is breached when it is still open after this many working days.</param>
/// <param name="WarnAfterWorkingDays">When to warn the owners, in working days after the step opened; <c>null</c> for no warning.</param>
public sealed record TurnaroundTarget(int WorkingDays, int? WarnAfterWorkingDays);
