namespace TrialStartup.Workflows.Definitions;

/// <summary>
/// One thing wrong with a workflow definition or calendar file, located precisely enough for an
/// editor of the file to find it: the file, the 1-based line, and the step it belongs to (if any).
/// </summary>
/// <param name="File">The path of the file as it was given to the loader.</param>
/// <param name="Line">1-based line number; 0 when the problem concerns the file as a whole.</param>
/// <param name="StepId">The id of the step the problem belongs to, or <c>null</c> for file-level problems.</param>
/// <param name="Message">What is wrong and, where it helps, what to do about it.</param>
public sealed record DefinitionProblem(string File, int Line, string? StepId, string Message)
{
    /// <summary>The one-line form the CLI prints: <c>file:line: [step] message</c>.</summary>
    public override string ToString() =>
        StepId is null ? $"{File}:{Line}: {Message}" : $"{File}:{Line}: step '{StepId}': {Message}";
}
