namespace TrialStartup.Cli;

/// <summary>
/// The process exit codes. Scripts and CI tell "the definition is wrong" (1) apart from "the command line is
/// wrong" (2), so a typo in a pipeline is never mistaken for a broken workflow.
/// </summary>
internal static class ExitCodes
{
    /// <summary>Everything checked out, or the simulation reached an end step.</summary>
    public const int Ok = 0;

    /// <summary>Problems were found, a scripted decision was refused, or the simulation could not finish.</summary>
    public const int Failed = 1;

    /// <summary>The command line was wrong: unknown command or option, bad value, missing path.</summary>
    public const int Usage = 2;
}
