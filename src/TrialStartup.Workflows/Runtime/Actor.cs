namespace TrialStartup.Workflows.Runtime;

/// <summary>
/// Who issued a command: the person (or system), the printed name a decision is signed with, the role they acted
/// in and the organisation they act for. Recorded with every decision so it is attributable (GCP).
/// </summary>
/// <param name="Id">A stable id of the person or system.</param>
/// <param name="Name">The printed name.</param>
/// <param name="Role">The role they act in (see <see cref="Definitions.Roles"/>).</param>
/// <param name="Organisation">The institution or sponsor they act for.</param>
public sealed record Actor(string Id, string Name, string Role, string Organisation)
{
    /// <summary>The engine itself, for timers and signals from other instances.</summary>
    public static Actor System { get; } = new("system", "TrialStartup", "system", "trialstartup");
}
