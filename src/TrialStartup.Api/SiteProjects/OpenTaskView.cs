namespace TrialStartup.Api.SiteProjects;

using TrialStartup.Data.ReadModels;

/// <summary>An open task: whose it is, since when, due when, and the version to decide against.</summary>
/// <param name="DueProvisional">
/// The due date counts through a year whose holiday notice is not in the calendar yet (it follows the statutory rule),
/// so it may move when the notice is added.
/// </param>
/// <param name="DuePreviously">When the task was due before a calendar change moved it; null if it never moved.</param>
/// <param name="DueChangeReason">Why it moved; null if it never moved.</param>
/// <param name="MeetingAt">
/// When the ethics committee meeting whose agenda the task is on starts; null when it is on none. The task waits for that
/// meeting (its clock still runs).
/// </param>
/// <param name="HandedOverBy">
/// Who handed the task to its holder: the person whose decision, resubmission or submission opened it, or who asked for the
/// changes the submitter now holds; the system when a deadline or the lead site's signal opened it. Null on a task opened
/// before the product kept it.
/// </param>
public sealed record OpenTaskView(Guid SiteProjectId, Guid TrialId, Guid InstitutionId, string StepId, string Role, bool HeldBySubmitter,
    int Round, string Priority, DateTimeOffset OpenedAt, DateTimeOffset? DueAt, bool DueProvisional, DateTimeOffset? DuePreviously,
    string? DueChangeReason, long Version, DateTimeOffset? MeetingAt = null, TaskHandOver? HandedOverBy = null)
{
    /// <summary>Maps a read-model row.</summary>
    public static OpenTaskView From(OpenTaskRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new(row.SiteProjectId, row.TrialId, row.InstitutionId, row.StepId, row.Role, row.HeldBySubmitter, row.Round, row.Priority,
            row.OpenedAt, row.DueAt, row.DueProvisional, row.DuePreviously, row.DueChangeReason, row.Version, row.MeetingAt,
            row.HandedOverByName is { } name ? new TaskHandOver(row.HandedOverById ?? "", name, row.HandedOverByRole ?? "", row.HandedOverByOrganisation ?? "") : null);
    }
}

/// <summary>Who handed a task over, as the project's events record the actor.</summary>
/// <param name="Id">The person's id, or <c>system</c> for the product itself.</param>
/// <param name="Name">Their printed name.</param>
/// <param name="Role">The role they acted in (<c>system</c> for the product).</param>
/// <param name="Organisation">The code of the organisation they acted for.</param>
public sealed record TaskHandOver(string Id, string Name, string Role, string Organisation);
