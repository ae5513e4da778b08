namespace TrialStartup.Messaging.Timers;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TrialStartup.Data;
using TrialStartup.Data.Commands;
using TrialStartup.Data.Deadlines;
using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Commands;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// Brings armed deadlines up to date with the calendar files the host loaded. A calendar goes on past its last listed
/// year on its statutory rule, and the deadlines counted into such a year are provisional; when the year's notice is
/// added (or an announced year corrected) the file's hash changes, and every armed deadline computed on an older hash is
/// recomputed through the engine (<see cref="RecomputeTimers"/>): moved, with a <see cref="TimerRescheduled"/> event and
/// a new job, where the new calendar gives another day; left where it is otherwise. Then its row records the new hash,
/// so a restart on the same file finds nothing to do. Fired and cancelled deadlines are history and stay as they were.
/// </summary>
public sealed partial class DeadlineRescheduling(
    IServiceScopeFactory scopes, CalendarCatalog calendars, ILogger<DeadlineRescheduling> logger)
{
    /// <summary>The audit action of a recomputation.</summary>
    public const string Action = "recompute-deadlines";

    private const int Attempts = 5;

    /// <summary>Recomputes every armed deadline of an older calendar version; returns how many moved and of how many projects.</summary>
    /// <param name="renewLease">Called between projects, so a long run keeps the lease it runs under.</param>
    /// <param name="cancellationToken">Stops between projects.</param>
    public async Task<(int Moved, int Projects)> RescheduleAsync(Func<CancellationToken, Task> renewLease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(renewLease);
        var (moved, projects) = (0, 0);
        foreach (var calendar in calendars.Ids.Select(calendars.Get))
        {
            List<Guid> stale;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
                stale = await Stale(db, calendar).Select(d => d.WorkflowInstanceId).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false);
            }

            var movedHere = 0;
            foreach (var instanceId in stale)
            {
                movedHere += await RecomputeAsync(instanceId, calendar, cancellationToken).ConfigureAwait(false);
                await renewLease(cancellationToken).ConfigureAwait(false);
            }

            if (stale.Count > 0)
            {
                LogRescheduled(logger, calendar.Id, calendar.ContentHash, stale.Count, movedHere);
            }

            (moved, projects) = (moved + movedHere, projects + stale.Count);
        }

        return (moved, projects);
    }

    private static IQueryable<DeadlineRow> Stale(TrialStartupDbContext db, WorkingDayCalendar calendar) =>
        db.Deadlines.Where(d => d.State == DeadlineStates.Armed && d.CalendarId == calendar.Id && d.CalendarHash != calendar.ContentHash);

    // One project's live timers through the engine, so the events, the deadline rows, the audit entry and the new jobs are
    // written as for any command; a lost race with another command on the same project is decided again.
    private async Task<int> RecomputeAsync(Guid instanceId, WorkingDayCalendar calendar, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
            var project = await db.SiteProjects.AsNoTracking().SingleOrDefaultAsync(p => p.WorkflowInstanceId == instanceId, cancellationToken)
                .ConfigureAwait(false);
            if (project is null)
            {
                return 0;
            }

            var command = new RecomputeTimers(MessageIds.Derive(Action, instanceId, calendar.ContentHash), instanceId);
            var result = await scope.ServiceProvider.GetRequiredService<ProjectCommands>()
                .RunAsync(project, Action, command, null, $"calendar {calendar.Id} {calendar.ContentHash}", cancellationToken)
                .ConfigureAwait(false);
            if (result.Status == CommandStatus.Conflict && attempt < Attempts)
            {
                continue;
            }

            if (!result.IsAccepted)
            {
                // Left on its old hash, so the next start tries again (a calendar that lost years it needs, until fixed).
                LogRefused(logger, instanceId, calendar.Id, result.Refusal?.Message ?? result.Status.ToString());
                return 0;
            }

            // Moved or not, every armed deadline of the project has now been computed on this version of the calendar.
            await Stale(db, calendar).Where(d => d.WorkflowInstanceId == instanceId)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.CalendarHash, calendar.ContentHash), cancellationToken).ConfigureAwait(false);
            return result.IsRepeat ? 0 : result.Events.Count(e => e.Event is TimerRescheduled);
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Working-day calendar {CalendarId} changed (now {CalendarHash}): armed deadlines of {Projects} projects recomputed, {Moved} moved")]
    private static partial void LogRescheduled(ILogger logger, string calendarId, string calendarHash, int projects, int moved);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Could not recompute the deadlines of instance {InstanceId} on calendar {CalendarId}: {Reason}; they stay as they were until the next start")]
    private static partial void LogRefused(ILogger logger, Guid instanceId, string calendarId, string reason);
}
