namespace TrialStartup.Workflows.Runtime;

/// <summary>Why a command was not carried out.</summary>
/// <param name="Code">Stable and machine-readable (see <see cref="RefusalCodes"/>); the API maps it to a problem type.</param>
/// <param name="Message">For people: what was wrong and what to do.</param>
public sealed record Refusal(string Code, string Message);
