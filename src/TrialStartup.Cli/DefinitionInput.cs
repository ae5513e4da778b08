namespace TrialStartup.Cli;

using TrialStartup.Workflows.Definitions;

/// <summary>Reads the single definition file that diagram and simulate work on, reporting problems like validate.</summary>
internal static class DefinitionInput
{
    /// <summary>
    /// The definition in <paramref name="path"/>, or <c>null</c> after printing every problem to
    /// <paramref name="stdout"/> one per line, so the output is the same as <c>validate</c> gives for the file.
    /// </summary>
    public static WorkflowDefinition? Load(string path, string command, TextWriter stdout)
    {
        CommandLine.RequireFile(path, command);
        var (definition, problems) = DefinitionLoader.TryParse(path, File.ReadAllText(path));
        foreach (var problem in problems)
        {
            stdout.WriteLine(problem);
        }

        return definition;
    }
}
