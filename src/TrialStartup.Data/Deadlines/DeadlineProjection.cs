namespace TrialStartup.Data.Deadlines;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Data.ReadModels;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>Deadlines follow their timers: armed with TimerScheduled, moved by TimerRescheduled, closed by TimerFired or TimerCancelled.</summary>
internal sealed class DeadlineProjection : IReadModelProjection
{
    public async Task ProjectAsync(TrialStartupDbContext db, StreamChange change, CancellationToken cancellationToken)
    {
        var (project, started, appended) = (change.Project, change.Started, change.Appended);
        var touchedIds = appended.Select(e => e.Event switch
        {
            TimerFired f => f.TimerId,
            TimerCancelled c => c.TimerId,
            TimerRescheduled r => r.TimerId,
            _ => null,
        }).OfType<string>().ToList();
        var rows = touchedIds.Count == 0
            ? new Dictionary<string, DeadlineRow>(StringComparer.Ordinal)
            : await db.Deadlines.Where(d => d.WorkflowInstanceId == project.WorkflowInstanceId && touchedIds.Contains(d.TimerId))
                .ToDictionaryAsync(d => d.TimerId, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
        foreach (var e in appended.Select(e => e.Event))
        {
            switch (e)
            {
                case TimerScheduled s:
                    var row = new DeadlineRow
                    {
                        WorkflowInstanceId = project.WorkflowInstanceId, TimerId = s.TimerId, SiteProjectId = project.Id, TrialId = project.TrialId,
                        InstitutionId = project.InstitutionId, StepId = s.StepId, Round = s.Round, Kind = s.Kind.ToString().ToLowerInvariant(),
                        DueAt = s.DueAt, CalendarId = started.CalendarId, CalendarHash = s.CalendarHash ?? started.CalendarHash, ArmedAt = s.At,
                        Provisional = s.Provisional,
                    };
                    db.Deadlines.Add(row);
                    rows[s.TimerId] = row;
                    break;
                case TimerFired f when rows.TryGetValue(f.TimerId, out var fired):
                    (fired.State, fired.ClosedAt) = (DeadlineStates.Fired, f.At);
                    break;
                case TimerCancelled c when rows.TryGetValue(c.TimerId, out var cancelled):
                    (cancelled.State, cancelled.ClosedAt) = (DeadlineStates.Cancelled, c.At);
                    break;
                case TimerRescheduled r when rows.TryGetValue(r.TimerId, out var moved):
                    // Its job is the old instant's: the engine arms the new instant's after the commit, as for a new deadline.
                    (moved.PreviousDueAt, moved.DueAt, moved.Provisional, moved.CalendarHash, moved.RescheduleReason, moved.JobId) =
                        (moved.DueAt, r.DueAt, r.Provisional, r.CalendarHash, r.Reason, null);
                    break;
            }
        }
    }
}
