namespace TrialStartup.Data.Deadlines;

using TrialStartup.Data.ReadModels;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>Deadlines follow their timers: armed with TimerScheduled, moved by TimerRescheduled, closed by TimerFired or TimerCancelled.</summary>
/// <param name="knownJobs">The jobs this process knows are waiting, by due instant; absent where no scheduler keeps them.</param>
internal sealed class DeadlineProjection(IKnownDeadlineJobs? knownJobs) : IReadModelProjection
{
    public Task ProjectAsync(TrialStartupDbContext db, StreamChange change, CancellationToken cancellationToken)
    {
        // The rows this append touches, as they stand. A timer armed by an earlier append (live in the state before) has
        // its row: changed by key, without reading it, from the row rebuilt out of the stream's events.
        var rows = new Dictionary<string, DeadlineRow>(StringComparer.Ordinal);
        DeadlineRow Existing(string timerId) =>
            rows.TryGetValue(timerId, out var row) ? row : rows[timerId] = KnownRows.Attach(db, AsWritten(change, timerId));
        bool Live(string timerId) => rows.ContainsKey(timerId) || change.Before.Timers.ContainsKey(timerId);
        foreach (var e in change.Appended.Select(e => e.Event))
        {
            switch (e)
            {
                case TimerScheduled s:
                    var row = Armed(change, s);
                    row.JobId = knownJobs?.WaitingFor(s.DueAt);
                    db.Deadlines.Add(row);
                    rows[s.TimerId] = row;
                    break;
                case TimerFired f when Live(f.TimerId):
                    Close(db, Existing(f.TimerId), DeadlineStates.Fired, f.At);
                    break;
                case TimerCancelled c when Live(c.TimerId):
                    Close(db, Existing(c.TimerId), DeadlineStates.Cancelled, c.At);
                    break;
                case TimerRescheduled r when Live(r.TimerId):
                    // Its job was the old instant's: the new instant's when this process knows it, else the engine arms it after
                    // the append, as for a new deadline.
                    var moved = Existing(r.TimerId);
                    Move(moved, r);
                    moved.JobId = knownJobs?.WaitingFor(r.DueAt);
                    KnownRows.Written(db, moved, nameof(DeadlineRow.PreviousDueAt), nameof(DeadlineRow.DueAt), nameof(DeadlineRow.Provisional),
                        nameof(DeadlineRow.CalendarHash), nameof(DeadlineRow.RescheduleReason), nameof(DeadlineRow.JobId));
                    break;
            }
        }

        return Task.CompletedTask;
    }

    // A deadline as TimerScheduled arms it.
    private static DeadlineRow Armed(StreamChange change, TimerScheduled s) => new()
    {
        WorkflowInstanceId = change.Project.WorkflowInstanceId, TimerId = s.TimerId, SiteProjectId = change.Project.Id,
        TrialId = change.Project.TrialId, InstitutionId = change.Project.InstitutionId, StepId = s.StepId, Round = s.Round,
        Kind = s.Kind.ToString().ToLowerInvariant(), DueAt = s.DueAt, CalendarId = change.Started.CalendarId,
        CalendarHash = s.CalendarHash ?? change.Started.CalendarHash, ArmedAt = s.At, Provisional = s.Provisional,
    };

    // A deadline moved by TimerRescheduled.
    private static void Move(DeadlineRow row, TimerRescheduled r) =>
        (row.PreviousDueAt, row.DueAt, row.Provisional, row.CalendarHash, row.RescheduleReason) = (row.DueAt, r.DueAt, r.Provisional, r.CalendarHash, r.Reason);

    // The row of a timer armed by an earlier append, as those appends wrote it, rebuilt from their events: every column but
    // the job and the firing's claim, which are not events (left empty here, and never written back by this projection).
    // Tracked after the append, the row answers what the command changed (the decision's answer) truthfully.
    private static DeadlineRow AsWritten(StreamChange change, string timerId)
    {
        DeadlineRow? row = null;
        for (var i = 0; i < change.FirstNew; i++)
        {
            switch (change.All[i])
            {
                case TimerScheduled s when s.TimerId == timerId:
                    row = Armed(change, s);
                    break;
                case TimerRescheduled r when r.TimerId == timerId && row is not null:
                    Move(row, r);
                    break;
            }
        }

        return row ?? throw new InvalidOperationException($"timer {timerId} of {change.Project.WorkflowInstanceId} is live but was never scheduled");
    }

    private static void Close(TrialStartupDbContext db, DeadlineRow row, string state, DateTimeOffset at)
    {
        (row.State, row.ClosedAt) = (state, at);
        KnownRows.Written(db, row, nameof(DeadlineRow.State), nameof(DeadlineRow.ClosedAt));
    }
}
