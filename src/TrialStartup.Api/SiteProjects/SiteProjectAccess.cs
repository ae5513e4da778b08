namespace TrialStartup.Api.SiteProjects;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Api.Auth;
using TrialStartup.Data;
using TrialStartup.Data.Trials;

/// <summary>
/// The one rule for who sees a site project: its institution and its trial's sponsor. Everyone else gets the same
/// 404 as for an id that does not exist, so ids of other organisations reveal nothing.
/// </summary>
public static class SiteProjectAccess
{
    /// <summary>The project when the caller may see it, else <c>null</c>.</summary>
    public static async Task<SiteProject?> FindVisibleAsync(TrialStartupDbContext db, Caller? caller, Guid projectId,
        CancellationToken cancellationToken, bool tracked = false)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (caller is null)
        {
            return null;
        }

        var query = tracked ? db.SiteProjects : db.SiteProjects.AsNoTracking();
        var project = await query.SingleOrDefaultAsync(p => p.Id == projectId, cancellationToken).ConfigureAwait(false);
        return project is not null && IsVisibleTo(project, caller) ? project : null;
    }

    /// <summary>Whether <paramref name="caller"/> may see <paramref name="project"/>, for an endpoint that reads the project with more in one query.</summary>
    public static bool IsVisibleTo(SiteProject project, Caller? caller)
    {
        ArgumentNullException.ThrowIfNull(project);
        return caller is not null && (caller.IsInstitution(project.InstitutionId) || caller.IsSponsor(project.SponsorId));
    }
}
