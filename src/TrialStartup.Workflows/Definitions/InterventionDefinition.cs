namespace TrialStartup.Workflows.Definitions;

/// <summary>
/// A decision outside the normal path that a role may take while the instance runs, such as an ethics committee
/// suspending or terminating its earlier approval (China GCP 2020).
/// </summary>
/// <param name="Id">The intervention's id, named by the command.</param>
/// <param name="Role">Who may take it.</param>
/// <param name="Effect">What it does to the instance.</param>
/// <param name="AvailableAfter">Step ids of which at least one must have been completed first; empty for any time.</param>
/// <param name="Result">For <see cref="InterventionEffect.Terminate"/>, the result the instance ends with.</param>
/// <param name="Publish">A signal to publish to the trial's other sites.</param>
/// <param name="Line">Where it is declared.</param>
public sealed record InterventionDefinition(string Id, string Role, InterventionEffect Effect,
    IReadOnlyList<string> AvailableAfter, string? Result, string? Publish, int Line);
