namespace TrialStartup.Api.Trials;

using TrialStartup.Data.ReadModels;
using TrialStartup.Workflows.Runtime;

/// <summary>Where one site stands: current steps, who holds the ball, whether it waits for the lead site.</summary>
public sealed record SiteStatusView(Guid SiteProjectId, Guid InstitutionId, string Status, string? Result, string Priority,
    IReadOnlyList<string> CurrentSteps, IReadOnlyList<string> Holders, bool WaitingForLead, long Version,
    DateTimeOffset StartedAt, DateTimeOffset? EndedAt)
{
    /// <summary>Maps a status row.</summary>
    public static SiteStatusView From(SiteProjectStatusRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new(row.SiteProjectId, row.InstitutionId, row.Status.Name(), row.Result, row.Priority, Split(row.CurrentSteps), Split(row.Holders),
            row.WaitingForLead, row.Version, row.StartedAt, row.EndedAt);
    }

    private static string[] Split(string list) => list.Length == 0 ? [] : list.Split(',');
}
