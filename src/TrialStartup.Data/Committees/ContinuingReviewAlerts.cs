namespace TrialStartup.Data.Committees;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Data.Alerts;
using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// Continuing reviews warn like turnaround deadlines: a review due within <see cref="ContinuingReviewSchedule.DueSoonWithinWorkingDays"/>
/// working days raises a <c>warning</c>, an overdue one a <c>breach</c>, in the committee's alerts (the alert rows of the
/// deadlines, addressed to <c>ethics-committee</c>, step <see cref="ContinuingReviewSchedule.AlertStepId"/>, round = the
/// review's number), where they are listed and acknowledged as any other. Recording the review, moving its due day or
/// closing the schedule resolves them.
/// </summary>
/// <remarks>
/// Why a scan and not a timer per review, as steps have: a step's deadline fires an event into its running workflow, exactly
/// once, which the per-instant Hangfire jobs and the start-up reconciliation exist to guarantee. A continuing review falls
/// due months after the start-up workflow has ended (activated), so there is no instance to fire into; its due day moves
/// whenever the interval changes or a review is recorded, which a timer would have to be cancelled and re-armed for; and
/// whether it is due soon is a pure function of the due day, the clock and the calendar, which the committee's list
/// computes when read and so never shows stale. Only the alert, a row someone acknowledges, needs a writer: this scan, run
/// hourly by the timer host (<c>ContinuingReviewJobs</c>), raises what is missing and is safe to run late, twice or on two
/// processes at once (one alert per project, review, kind and due day, under the alerts' unique key).
/// </remarks>
public static class ContinuingReviewAlerts
{
    /// <summary>Far enough ahead that a review due within the warning window is never missed, whatever the holidays in between.</summary>
    private const int HorizonDays = 120;

    /// <summary>
    /// The alert's timer id: <c>continuing-review/{number}/{kind}@{due day}</c>. A moved due day is a new alert; the same
    /// review, kind and day never alert twice.
    /// </summary>
    public static string TimerId(int number, string kind, DateOnly dueOn) => $"{ContinuingReviewSchedule.AlertStepId}/{number}/{kind}@{dueOn:yyyy-MM-dd}";

    /// <summary>Raises the alerts of the reviews due soon or overdue at <paramref name="now"/> that have none yet; returns how many.</summary>
    public static async Task<int> RaiseDueAsync(TrialStartupDbContext db, CalendarCatalog calendars, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(calendars);
        var horizon = DateOnly.FromDateTime(now.UtcDateTime).AddDays(HorizonDays);
        var candidates = await (from s in db.ContinuingReviewSchedules.AsNoTracking()
                                where s.ClosedAt == null && s.NextDueOn <= horizon
                                join p in db.SiteProjects.AsNoTracking() on s.SiteProjectId equals p.Id
                                join i in db.Institutions.AsNoTracking() on s.InstitutionId equals i.Id
                                select new { Schedule = s, p.WorkflowInstanceId, p.SponsorId, i.CalendarId, i.TimeZone })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (candidates.Count == 0)
        {
            return 0;
        }

        var projectIds = candidates.Select(c => c.Schedule.SiteProjectId).ToList();
        var raised = (await db.Alerts.AsNoTracking().Where(a => a.StepId == ContinuingReviewSchedule.AlertStepId && projectIds.Contains(a.SiteProjectId))
            .Select(a => a.TimerId).ToListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        var count = 0;
        foreach (var c in candidates)
        {
            var s = c.Schedule;
            var due = ContinuingReviewDue.Of(s.NextDueOn, now, Organisations.Institution.ZoneOf(c.TimeZone), calendars.TryGet(c.CalendarId, out var calendar) ? calendar : null);

            // Overdue raises the breach alone: a warning raised after the due day would only add noise.
            var kind = due.State switch
            {
                ContinuingReviewState.DueSoon => "warning",
                ContinuingReviewState.Overdue => "breach",
                _ => null,
            };
            var number = s.ReviewsRecorded + 1;
            if (kind is null || !raised.Add(TimerId(number, kind, s.NextDueOn)))
            {
                continue;
            }

            var alert = new AlertRow
            {
                Id = Guid.CreateVersion7(now), InstitutionId = s.InstitutionId, Role = Roles.EthicsCommittee, HolderRole = Roles.EthicsCommittee,
                Escalation = false, SiteProjectId = s.SiteProjectId, TrialId = s.TrialId, SponsorId = c.SponsorId, WorkflowInstanceId = c.WorkflowInstanceId,
                TimerId = TimerId(number, kind, s.NextDueOn), StepId = ContinuingReviewSchedule.AlertStepId, Round = number, Kind = kind,
                DueAt = due.DueAt, Provisional = due.Provisional, FiredAt = now,
            };
            db.Alerts.Add(alert);

            // Another scan raised it first (the alerts' unique key): it is there, which is all this one wanted.
            if (await db.SaveUnlessTakenAsync(ct => db.Alerts.AnyAsync(a => a.WorkflowInstanceId == alert.WorkflowInstanceId && a.TimerId == alert.TimerId
                && a.Role == alert.Role, ct), cancellationToken).ConfigureAwait(false))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// Stages the resolution of the project's open continuing-review alerts, except those of a review due at
    /// <paramref name="stillDueAt"/> (a due day that did not move): the review they asked for is done, moved or no longer due.
    /// </summary>
    public static async Task ResolveAsync(TrialStartupDbContext db, Guid siteProjectId, DateTimeOffset at, CancellationToken cancellationToken,
        DateTimeOffset? stillDueAt = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var open = await db.Alerts.Where(a => a.SiteProjectId == siteProjectId && a.StepId == ContinuingReviewSchedule.AlertStepId && a.ResolvedAt == null)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var alert in open.Where(a => a.DueAt != stillDueAt))
        {
            alert.ResolvedAt = at;
        }
    }
}
