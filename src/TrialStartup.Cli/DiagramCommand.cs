namespace TrialStartup.Cli;

/// <summary><c>diagram</c>: prints a definition as a Mermaid flowchart for reviews and documentation.</summary>
internal static class DiagramCommand
{
    public static int Run(IReadOnlyList<string> args, TextWriter stdout)
    {
        var path = CommandLine.SinglePath(args, "diagram", "definition-file");
        var definition = DefinitionInput.Load(path, "diagram", stdout);
        if (definition is null)
        {
            return ExitCodes.Failed;
        }

        stdout.Write(MermaidDiagram.Render(definition));
        return ExitCodes.Ok;
    }
}
