namespace TrialStartup.Cli;

/// <summary>
/// The command-line entry point, separate from <c>Program</c> so tests run every command in-process with their
/// own writers and read the exit code, instead of spawning processes.
/// </summary>
internal static class CliApp
{
    /// <summary>Runs one command line; returns the exit code (see <see cref="ExitCodes"/>).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args.Length == 0)
        {
            // Running the tool bare is almost always a mistake in a script, so it is a usage error, unlike --help.
            stderr.WriteLine(UsageText.Text);
            return ExitCodes.Usage;
        }

        if (args[0] is "--help" or "-h" or "help" || args.Skip(1).Any(a => a is "--help" or "-h"))
        {
            stdout.WriteLine(UsageText.Text);
            return ExitCodes.Ok;
        }

        var rest = args[1..];
        try
        {
            return args[0] switch
            {
                "validate" => ValidateCommand.Run(rest, stdout, stderr),
                "diagram" => DiagramCommand.Run(rest, stdout),
                "simulate" => SimulateCommand.Run(rest, stdout, stderr),
                "calendar" => CalendarCommand.Run(rest, stdout, stderr),
                "forecast" => ForecastCommand.Run(rest, stdout, stderr),
                "white-paper" => WhitePaperCommand.Run(rest, stdout, stderr),
                _ => throw new UsageException($"unknown command '{args[0]}' (commands: validate, diagram, simulate, calendar, forecast, white-paper)"),
            };
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"trialstartup: {e.Message}");
            stderr.WriteLine("run 'trialstartup --help' for usage");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The path existed a moment ago but cannot be read (permissions, a file locked by an editor).
            stderr.WriteLine($"trialstartup: {e.Message}");
            return ExitCodes.Failed;
        }
    }
}
