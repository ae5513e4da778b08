namespace TrialStartup.Workflows.Definitions;

/// <summary>
/// Thrown when a definition or calendar file has problems; carries every problem found, never just the first,
/// so one edit-validate round fixes them all. Nothing of a file that throws is registered or used.
/// </summary>
public sealed class DefinitionLoadException : Exception
{
    /// <summary>Creates the exception with every problem found.</summary>
    public DefinitionLoadException(IReadOnlyList<DefinitionProblem> problems)
        : base(string.Join(Environment.NewLine, problems)) => Problems = problems;

    /// <summary>Every problem found, in file order.</summary>
    public IReadOnlyList<DefinitionProblem> Problems { get; }
}
