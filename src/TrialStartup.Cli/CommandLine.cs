namespace TrialStartup.Cli;

/// <summary>Argument helpers shared by the commands that take a single path.</summary>
internal static class CommandLine
{
    /// <summary>The one path argument of <paramref name="command"/>; anything else is a usage error.</summary>
    public static string SinglePath(IReadOnlyList<string> args, string command, string what)
    {
        if (args.FirstOrDefault(IsOption) is { } option)
        {
            throw new UsageException($"{command}: unknown option '{option}'");
        }

        return args.Count switch
        {
            1 => args[0],
            0 => throw new UsageException($"{command} needs a {what}: trialstartup {command} <{what}>"),
            _ => throw new UsageException($"{command} takes one {what}, not {args.Count}: {string.Join(' ', args)}"),
        };
    }

    /// <summary>Whether an argument is an option rather than a value; a lone dash is a value (a path named "-").</summary>
    public static bool IsOption(string arg) => arg.Length > 1 && arg[0] == '-';

    /// <summary>
    /// Checks that <paramref name="path"/> is an existing file, so a typo is a usage error, not a crash;
    /// <paramref name="what"/> names the kind of file the command reads, for the message.
    /// </summary>
    public static void RequireFile(string path, string command, string what = "definition file")
    {
        if (Directory.Exists(path))
        {
            throw new UsageException($"{command}: '{path}' is a folder; give one {what}");
        }

        if (!File.Exists(path))
        {
            throw new UsageException($"{command}: no such file: {path}");
        }
    }
}
