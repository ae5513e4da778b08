namespace TrialStartup.Workflows.Runtime;

/// <summary>Why a command was not carried out.</summary>
/// <param name="Code">Stable and machine-readable (see <see cref="RefusalCodes"/>); the API maps it to a problem type.</param>
/// <param name="Message">For people: what was wrong and what to do.</param>
/// <param name="Rule">For a conflict, the rule it broke (see <c>TaskReference</c>), e.g. <c>task-decided</c>; null otherwise.</param>
public sealed record Refusal(string Code, string Message, string? Rule = null);
