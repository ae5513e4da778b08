namespace TrialStartup.Data.ReadModels;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>The inboxes: one row per open task of the instance, with its holder, round and breach deadline.</summary>
internal sealed class OpenTaskProjection : IReadModelProjection
{
    public async Task ProjectAsync(TrialStartupDbContext db, StreamChange change, CancellationToken cancellationToken)
    {
        var (project, state, started) = (change.Project, change.State, change.Started);
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
}
