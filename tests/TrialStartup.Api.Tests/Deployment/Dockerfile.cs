namespace TrialStartup.Api.Tests.Deployment;

using System.Text.Json;

/// <summary>
/// A Dockerfile read into its instructions (continuation lines joined, comments and parser directives dropped), enough
/// to check what it copies, builds and runs.
/// </summary>
internal sealed class Dockerfile
{
    private Dockerfile(string relativePath, IReadOnlyList<(string Keyword, string Arguments)> instructions)
    {
        RelativePath = relativePath;
        Instructions = instructions;
    }

    public string RelativePath { get; }

    /// <summary>Each instruction: the keyword in upper case and its arguments.</summary>
    public IReadOnlyList<(string Keyword, string Arguments)> Instructions { get; }

    /// <summary>The instructions of the last stage (from its <c>FROM</c> on).</summary>
    public IEnumerable<(string Keyword, string Arguments)> FinalStage =>
        Instructions.Skip(Instructions.Select((i, n) => (i.Keyword, n)).Last(i => i.Keyword == "FROM").n);

    public static Dockerfile Load(string relativePath)
    {
        var instructions = new List<(string, string)>();
        var pending = "";
        foreach (var raw in RepositoryFiles.ReadText(relativePath).Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (pending.Length == 0 && line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            var text = (pending + line).Trim();
            pending = "";
            if (text.Length > 0)
            {
                var parts = text.Split(' ', 2, StringSplitOptions.TrimEntries);
                instructions.Add((parts[0].ToUpperInvariant(), parts.Length > 1 ? parts[1] : ""));
            }
        }

        return new Dockerfile(relativePath, instructions);
    }

    /// <summary>The arguments of an instruction: the JSON (exec) form parsed, or the shell form split on spaces.</summary>
    public static IReadOnlyList<string> Words(string arguments) =>
        arguments.StartsWith('[')
            ? JsonSerializer.Deserialize<string[]>(arguments) ?? []
            : arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The sources of every <c>COPY</c>/<c>ADD</c> from the build context (not <c>--from</c> another stage).</summary>
    public IEnumerable<string> ContextSources() =>
        Instructions
            .Where(i => i.Keyword is "COPY" or "ADD")
            .Select(i => Words(i.Arguments))
            .Where(words => !words.Any(w => w.StartsWith("--from=", StringComparison.Ordinal)))
            .SelectMany(words => words.Where(w => !w.StartsWith("--", StringComparison.Ordinal)).SkipLast(1));

    /// <summary>The arguments of every <c>RUN</c>.</summary>
    public IEnumerable<string> Runs => Instructions.Where(i => i.Keyword == "RUN").Select(i => i.Arguments);

    public override string ToString() => RelativePath;
}
