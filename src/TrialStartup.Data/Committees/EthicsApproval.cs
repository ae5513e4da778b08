namespace TrialStartup.Data.Committees;

/// <summary>
/// The decisions that put a site project's ethics approval in place, after which the committee follows the trial with
/// continuing reviews: the committee approves it (<c>ethics-review</c>: <c>approve</c>), confirms the modifications it
/// asked for (<c>ethics-modification-check</c>: <c>confirmed</c>), or, at a participating site of a multi-center trial,
/// recognises the lead site's approval (<c>ethics-recognition</c>: <c>recognised</c>). Every shipped definition names its
/// ethics steps so; a definition that renames them must be added here.
/// </summary>
public static class EthicsApproval
{
    private static readonly (string StepId, string Outcome)[] Decisions =
        [("ethics-review", "approve"), ("ethics-modification-check", "confirmed"), ("ethics-recognition", "recognised")];

    /// <summary>The steps whose decision may put the approval in place.</summary>
    public static IReadOnlyList<string> StepIds { get; } = [.. Decisions.Select(d => d.StepId)];

    /// <summary>Whether deciding <paramref name="stepId"/> with <paramref name="outcome"/> puts the ethics approval in place.</summary>
    public static bool Grants(string stepId, string outcome) => Decisions.Contains((stepId, outcome));
}
