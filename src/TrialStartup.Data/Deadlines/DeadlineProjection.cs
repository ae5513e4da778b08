namespace TrialStartup.Data.Deadlines;

using TrialStartup.Data.ReadModels;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>Deadlines follow their timers: armed with TimerScheduled, moved by TimerRescheduled, closed by TimerFired or TimerCancelled.</summary>
/// <param name="knownJobs">The jobs this process knows are waiting, by due instant; absent where no scheduler keeps them.</param>
internal sealed class DeadlineProjection(IKnownDeadlineJobs? knownJobs) : IReadModelProjection
{
    public Task ProjectAsync(TrialStartupDbContext db, StreamChange change, CancellationToken cancellationToken)
    {
        var (project, started) = (change.Project, change.Started);
        // A timer's row was armed with its TimerScheduled: in an earlier append (a live timer of the state before, changed
        // by key without reading it) or in this one (added below).
        var added = new Dictionary<string, DeadlineRow>(StringComparer.Ordinal);
        var dueNow = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal); // moved or armed in this append
        DeadlineRow Existing(string timerId) => added.GetValueOrDefault(timerId)
            ?? KnownRows.Attach(db, new DeadlineRow { WorkflowInstanceId = project.WorkflowInstanceId, TimerId = timerId });
        foreach (var e in change.Appended.Select(e => e.Event))
        {
            switch (e)
            {
                case TimerScheduled s:
                    var row = new DeadlineRow
                    {
                        WorkflowInstanceId = project.WorkflowInstanceId, TimerId = s.TimerId, SiteProjectId = project.Id, TrialId = project.TrialId,
                        InstitutionId = project.InstitutionId, StepId = s.StepId, Round = s.Round, Kind = s.Kind.ToString().ToLowerInvariant(),
                        DueAt = s.DueAt, CalendarId = started.CalendarId, CalendarHash = s.CalendarHash ?? started.CalendarHash, ArmedAt = s.At,
                        Provisional = s.Provisional, JobId = knownJobs?.WaitingFor(s.DueAt),
                    };
                    db.Deadlines.Add(row);
                    added[s.TimerId] = row;
                    dueNow[s.TimerId] = s.DueAt;
                    break;
                case TimerFired f when Live(change, added, f.TimerId):
                    Close(db, Existing(f.TimerId), DeadlineStates.Fired, f.At);
                    break;
                case TimerCancelled c when Live(change, added, c.TimerId):
                    Close(db, Existing(c.TimerId), DeadlineStates.Cancelled, c.At);
                    break;
                case TimerRescheduled r when Live(change, added, r.TimerId):
                    // Its job was the old instant's: the new instant's when this process knows it, else the engine arms it after
                    // the append, as for a new deadline.
                    var moved = Existing(r.TimerId);
                    var dueBefore = dueNow.TryGetValue(r.TimerId, out var due) ? due : change.Before.Timers[r.TimerId].DueAt;
                    dueNow[r.TimerId] = r.DueAt;
                    (moved.PreviousDueAt, moved.DueAt, moved.Provisional, moved.CalendarHash, moved.RescheduleReason, moved.JobId) =
                        (dueBefore, r.DueAt, r.Provisional, r.CalendarHash, r.Reason, knownJobs?.WaitingFor(r.DueAt));
                    KnownRows.Written(db, moved, nameof(DeadlineRow.PreviousDueAt), nameof(DeadlineRow.DueAt), nameof(DeadlineRow.Provisional),
                        nameof(DeadlineRow.CalendarHash), nameof(DeadlineRow.RescheduleReason), nameof(DeadlineRow.JobId));
                    break;
            }
        }

        return Task.CompletedTask;
    }

    // Whether the timer has a row to change: armed before this append and still live then, or armed in it.
    private static bool Live(StreamChange change, Dictionary<string, DeadlineRow> added, string timerId) =>
        added.ContainsKey(timerId) || change.Before.Timers.ContainsKey(timerId);

    private static void Close(TrialStartupDbContext db, DeadlineRow row, string state, DateTimeOffset at)
    {
        (row.State, row.ClosedAt) = (state, at);
        KnownRows.Written(db, row, nameof(DeadlineRow.State), nameof(DeadlineRow.ClosedAt));
    }
}
