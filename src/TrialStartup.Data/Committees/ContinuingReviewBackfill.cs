namespace TrialStartup.Data.Committees;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Workflows.Runtime;

/// <summary>
/// Starts the continuing-review schedule of every project whose ethics approval was put in place before continuing
/// reviews were kept (<see cref="ContinuingReviewProjection"/> starts it for approvals since): due a year after the
/// approval, as if it had been kept from the start, so a review already overdue shows as overdue. The Api host runs it
/// before it serves.
/// </summary>
/// <remarks>
/// The approvals are read from the step durations (a decided task's last stretch ends with its outcome), not by replaying
/// every stream: one query finds the projects approved without a schedule, and on most starts it finds none. A project
/// whose start-up has since ended other than activated has no approval left to follow and gets no schedule. Two hosts
/// starting at once may both try a project: the schedule's key (one per project) lets one insert it, and the other's
/// pass is run again from what was committed, where it finds nothing left.
/// </remarks>
public static class ContinuingReviewBackfill
{
    /// <summary>Starts the missing schedules; returns how many it started (0 when none were missing).</summary>
    public static async Task<int> RunAsync(TrialStartupDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartMissingAsync(db, cancellationToken).ConfigureAwait(false);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another host started some of the same schedules: drop ours and look again at what is still missing.
                db.ChangeTracker.Clear();
            }
        }
    }

    private static async Task<int> StartMissingAsync(TrialStartupDbContext db, CancellationToken cancellationToken)
    {
        var stretches = await db.StepDurations.AsNoTracking()
            .Where(d => EthicsApproval.StepIds.Contains(d.StepId) && !db.ContinuingReviewSchedules.Any(s => s.SiteProjectId == d.SiteProjectId))
            .Select(d => new { d.SiteProjectId, d.StepId, d.Outcome, d.ClosedAt })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        // The first approval of each project (a later one, after a withdrawal and a new round, does not restart the schedule).
        var approvals = stretches.Where(d => EthicsApproval.Grants(d.StepId, d.Outcome))
            .GroupBy(d => d.SiteProjectId).Select(g => g.MinBy(d => d.ClosedAt)!).ToList();
        if (approvals.Count == 0)
        {
            return 0;
        }

        var projectIds = approvals.Select(a => a.SiteProjectId).ToList();
        var projects = await db.SiteProjectStatus.AsNoTracking().Where(p => projectIds.Contains(p.SiteProjectId))
            .Select(p => new { p.SiteProjectId, p.InstitutionId, p.TrialId, p.Status, p.Result })
            .ToDictionaryAsync(p => p.SiteProjectId, cancellationToken).ConfigureAwait(false);
        var zones = await db.Institutions.AsNoTracking().ToDictionaryAsync(i => i.Id, i => i.TimeZone, cancellationToken).ConfigureAwait(false);
        var started = 0;
        foreach (var approval in approvals)
        {
            if (!projects.TryGetValue(approval.SiteProjectId, out var project)
                || (project.Status == InstanceStatus.Ended && project.Result != ContinuingReviewProjection.Activated))
            {
                continue;
            }

            var zone = Organisations.Institution.ZoneOf(zones.GetValueOrDefault(project.InstitutionId) ?? "");
            db.ContinuingReviewSchedules.Add(new ContinuingReviewSchedule(project.SiteProjectId, project.InstitutionId, project.TrialId,
                approval.StepId, approval.ClosedAt, ContinuingReviewDue.Today(approval.ClosedAt, zone)));
            started++;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return started;
    }
}
