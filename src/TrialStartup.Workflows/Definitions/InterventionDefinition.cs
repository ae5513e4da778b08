namespace TrialStartup.Workflows.Definitions;

/// <summary>
/// A decision outside the normal path, such as an ethics committee suspending or terminating its earlier approval
/// (China GCP 2020). A role takes it with an Intervene command; one with <see cref="OnSignal"/> is also taken by the
/// engine itself when that signal arrives, such as a participating site following the lead site's suspension.
/// </summary>
/// <param name="Id">The intervention's id, named by the command.</param>
/// <param name="Role">Who may take it; <c>null</c> when only its signal takes it.</param>
/// <param name="Effect">What it does to the instance.</param>
/// <param name="AvailableAfter">Step ids of which at least one must have been completed first; empty for any time.</param>
/// <param name="Result">For <see cref="InterventionEffect.Terminate"/>, the result the instance ends with.</param>
/// <param name="Publish">A signal to publish to the trial's other sites.</param>
/// <param name="OnSignal">A received signal that takes it, or <c>null</c> when only a role takes it.</param>
/// <param name="Line">Where it is declared.</param>
public sealed record InterventionDefinition(string Id, string? Role, InterventionEffect Effect,
    IReadOnlyList<string> AvailableAfter, string? Result, string? Publish, string? OnSignal, int Line);
