namespace TrialStartup.Cli;

/// <summary>
/// A mistake on the command line. Thrown from deep inside argument parsing so every command reports usage
/// errors the same way (message on stderr, exit code 2) without threading error results through each parser.
/// </summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }
}
