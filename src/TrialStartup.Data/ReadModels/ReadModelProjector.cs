namespace TrialStartup.Data.ReadModels;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Data.Alerts;
using TrialStartup.Data.Deadlines;
using TrialStartup.Data.Trials;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// Keeps the read models of one instance current. Called by the event store inside the append's transaction, so a
/// read model is never ahead of or behind its stream.
/// </summary>
internal sealed class ReadModelProjector(TrialStartupDbContext db)
{
    public async Task ProjectAsync(Guid instanceId, WorkflowState state, IReadOnlyList<WorkflowEvent> all,
        IReadOnlyList<RecordedEvent> appended, CancellationToken cancellationToken)
    {
        // Streams without a site project (engine tests, simulations) have nobody to show read models to.
        var project = await db.SiteProjects.AsNoTracking().SingleOrDefaultAsync(p => p.WorkflowInstanceId == instanceId, cancellationToken)
            .ConfigureAwait(false);
        if (project is null)
        {
            return;
        }

        var started = all.OfType<WorkflowStarted>().First();
        await ProjectStatusAsync(project, state, started, all, cancellationToken).ConfigureAwait(false);
        await ProjectOpenTasksAsync(project, state, started, cancellationToken).ConfigureAwait(false);
        ProjectDurations(project, all, appended);
        await ProjectDeadlinesAsync(project, started, appended, cancellationToken).ConfigureAwait(false);
        await ProjectAlertsAsync(project, all, appended, cancellationToken).ConfigureAwait(false);
    }

    // A fired timer alerts the role holding the step; a breach also escalates to the institution's office head. The
    // alerts of a step are resolved when it completes or is cancelled: the late work is no longer waiting on anyone.
    private async Task ProjectAlertsAsync(SiteProject project, IReadOnlyList<WorkflowEvent> all, IReadOnlyList<RecordedEvent> appended,
        CancellationToken cancellationToken)
    {
        var firstNew = all.Count - appended.Count;
        var closes = appended.Any(e => e.Event is TaskCompleted or StepCancelled or WorkflowEnded);
        var open = closes
            ? await db.Alerts.Where(a => a.WorkflowInstanceId == project.WorkflowInstanceId && a.ResolvedAt == null)
                .ToListAsync(cancellationToken).ConfigureAwait(false)
            : [];
        for (var i = firstNew; i < all.Count; i++)
        {
            switch (all[i])
            {
                case TimerFired fired:
                    var earlier = all.Take(i).ToList();
                    var (dueAt, provisional) = fired.Due(earlier);
                    // The engine fires only timers of an open task, so its last activation names the role holding it.
                    var holder = earlier.OfType<StepActivated>().LastOrDefault(a => a.StepId == fired.StepId)?.Role ?? Roles.SiteOffice;
                    var addressees = fired.Kind == TimerKind.Breach && holder != Roles.OfficeHead
                        ? new[] { (Role: holder, Escalation: false), (Role: Roles.OfficeHead, Escalation: true) }
                        : [(Role: holder, Escalation: false)];
                    foreach (var (role, escalation) in addressees)
                    {
                        var alert = new AlertRow
                        {
                            Id = Guid.CreateVersion7(fired.At), InstitutionId = project.InstitutionId, Role = role, HolderRole = holder,
                            Escalation = escalation, SiteProjectId = project.Id, TrialId = project.TrialId, SponsorId = project.SponsorId,
                            WorkflowInstanceId = project.WorkflowInstanceId, TimerId = fired.TimerId, StepId = fired.StepId, Round = fired.Round,
                            Kind = fired.Kind.ToString().ToLowerInvariant(), DueAt = dueAt, Provisional = provisional, FiredAt = fired.At,
                        };
                        db.Alerts.Add(alert);
                        open.Add(alert);
                    }

                    break;
                case TaskCompleted { StepId: var stepId } closed:
                    Resolve(open, stepId, closed.At);
                    break;
                case StepCancelled { StepId: var stepId } closed:
                    Resolve(open, stepId, closed.At);
                    break;
                case WorkflowEnded ended:
                    Resolve(open, null, ended.At); // an ended instance has no step left waiting on anyone
                    break;
            }
        }
    }

    private static void Resolve(List<AlertRow> open, string? stepId, DateTimeOffset at)
    {
        foreach (var alert in open.Where(a => a.ResolvedAt is null && (stepId is null || a.StepId == stepId)))
        {
            alert.ResolvedAt = at;
        }
    }

    // Deadlines follow their timers: armed with TimerScheduled, closed by TimerFired or TimerCancelled.
    private async Task ProjectDeadlinesAsync(SiteProject project, WorkflowStarted started, IReadOnlyList<RecordedEvent> appended,
        CancellationToken cancellationToken)
    {
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

    private async Task ProjectStatusAsync(SiteProject project, WorkflowState state, WorkflowStarted started,
        IReadOnlyList<WorkflowEvent> all, CancellationToken cancellationToken)
    {
        var row = await db.SiteProjectStatus.FindAsync([project.Id], cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            row = new SiteProjectStatusRow
            {
                SiteProjectId = project.Id, WorkflowInstanceId = project.WorkflowInstanceId, TrialId = project.TrialId,
                InstitutionId = project.InstitutionId, SponsorId = project.SponsorId, StartedAt = started.At,
            };
            db.SiteProjectStatus.Add(row);
        }

        var open = state.OpenSteps.ToList();
        row.Status = state.Status.ToString().ToLowerInvariant();
        row.Result = state.Result;
        row.Version = state.Version;
        row.Priority = started.Priority;
        row.CurrentSteps = string.Join(",", open.Select(s => s.StepId));
        row.Holders = string.Join(",", open.Select(s => s.Holder ?? StepStretches.Signal).Distinct());
        row.WaitingForLead = open.Any(s => s.Kind == "wait");
        row.EndedAt = all.OfType<WorkflowEnded>().FirstOrDefault()?.At;
        row.UpdatedAt = all[^1].At;
    }

    private async Task ProjectOpenTasksAsync(SiteProject project, WorkflowState state, WorkflowStarted started, CancellationToken cancellationToken)
    {
        var existing = await db.OpenTasks.Where(t => t.WorkflowInstanceId == project.WorkflowInstanceId).ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        db.OpenTasks.RemoveRange(existing);
        foreach (var step in state.OpenSteps.Where(s => s.Kind == "task"))
        {
            var breach = state.Timers.Values.FirstOrDefault(t => t.StepId == step.StepId && t.Kind == TimerKind.Breach);
            var row = existing.FirstOrDefault(t => t.StepId == step.StepId) ?? new OpenTaskRow();
            row.WorkflowInstanceId = project.WorkflowInstanceId;
            row.StepId = step.StepId;
            row.SiteProjectId = project.Id;
            row.TrialId = project.TrialId;
            row.InstitutionId = project.InstitutionId;
            row.SponsorId = project.SponsorId;
            row.Role = step.Holder!;
            row.HeldBySubmitter = step.Status == StepStatus.HeldBySubmitter;
            row.Round = step.Round;
            row.Priority = started.Priority;
            row.OpenedAt = step.ClockStartedAt ?? step.OpenedAt;
            row.DueAt = breach?.DueAt;
            row.DueProvisional = breach?.Provisional ?? false;
            row.DuePreviously = breach?.PreviousDueAt;
            row.DueChangeReason = breach?.RescheduleReason;
            row.Version = state.Version;
            if (existing.Contains(row))
            {
                db.Entry(row).State = EntityState.Modified;
            }
            else
            {
                db.OpenTasks.Add(row);
            }
        }
    }

    private void ProjectDurations(SiteProject project, IReadOnlyList<WorkflowEvent> all, IReadOnlyList<RecordedEvent> appended)
    {
        var firstNew = all.Count - appended.Count;
        for (var i = firstNew; i < all.Count; i++)
        {
            var (stepId, outcome) = all[i] switch
            {
                TaskCompleted c => (c.StepId, c.Outcome),
                Resubmitted r => (r.StepId, "resubmitted"),
                StepCancelled c => (c.StepId, "cancelled"),
                WaitCompleted w => (w.StepId, "signal-received"), // time blocked by another site (the green channel's lead)
                _ => (null, null),
            };
            if (stepId is null)
            {
                continue;
            }

            // The stretch and its pieces, cut at the project's suspensions meanwhile.
            var opening = StepStretches.OpeningOf(all, stepId, i);
            var round = StepStretches.HolderOf(all[opening]).Round;
            foreach (var piece in StepStretches.Pieces(all, opening, i, all[i].At))
            {
                db.StepDurations.Add(new StepDurationRow
                {
                    WorkflowInstanceId = project.WorkflowInstanceId, SiteProjectId = project.Id, InstitutionId = project.InstitutionId,
                    StepId = stepId, Round = round, HeldBy = piece.HeldBy, OpenedAt = piece.From, ClosedAt = piece.To,
                    Outcome = piece.Outcome ?? outcome!,
                });
            }
        }
    }
}
