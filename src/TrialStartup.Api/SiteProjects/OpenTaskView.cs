namespace TrialStartup.Api.SiteProjects;

using TrialStartup.Data.ReadModels;

/// <summary>An open task: whose it is, since when, due when, and the version to decide against.</summary>
public sealed record OpenTaskView(Guid SiteProjectId, Guid TrialId, Guid InstitutionId, string StepId, string Role, bool HeldBySubmitter,
    int Round, string Priority, DateTimeOffset OpenedAt, DateTimeOffset? DueAt, long Version)
{
    /// <summary>Maps a read-model row.</summary>
    public static OpenTaskView From(OpenTaskRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new(row.SiteProjectId, row.TrialId, row.InstitutionId, row.StepId, row.Role, row.HeldBySubmitter, row.Round, row.Priority,
            row.OpenedAt, row.DueAt, row.Version);
    }
}
