namespace TrialStartup.Data.ReadModels;

using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// The inboxes: one row per open task of the instance, with its holder, round and turnaround target (kept once breached,
/// so a late task stays dated and sorts first).
/// </summary>
internal sealed class OpenTaskProjection : IReadModelProjection
{
    public Task ProjectAsync(TrialStartupDbContext db, StreamChange change, CancellationToken cancellationToken)
    {
        var (project, state, started) = (change.Project, change.State, change.Started);
        // The rows are the open tasks of the state before: closed ones go, open ones are rewritten, new ones added.
        var existing = OpenTasks(change.Before).Select(s => s.StepId).ToHashSet(StringComparer.Ordinal);
        var open = OpenTasks(state).ToList();
        foreach (var closed in existing.Except(open.Select(s => s.StepId)))
        {
            KnownRows.Remove(db, new OpenTaskRow { WorkflowInstanceId = project.WorkflowInstanceId, StepId = closed });
        }

        foreach (var step in open)
        {
            var breach = state.TargetOf(step.StepId, step.Round);
            var row = new OpenTaskRow
            {
                WorkflowInstanceId = project.WorkflowInstanceId, StepId = step.StepId, SiteProjectId = project.Id, TrialId = project.TrialId,
                InstitutionId = project.InstitutionId, SponsorId = project.SponsorId, Role = step.Holder!,
                HeldBySubmitter = step.Status == StepStatus.HeldBySubmitter, HandedOverById = step.HandedOverBy?.Id,
                HandedOverByName = step.HandedOverBy?.Name, HandedOverByRole = step.HandedOverBy?.Role,
                HandedOverByOrganisation = step.HandedOverBy?.Organisation, Round = step.Round, Priority = started.Priority,
                OpenedAt = step.ClockStartedAt ?? step.OpenedAt, DueAt = breach?.DueAt, DueProvisional = breach?.Provisional ?? false,
                DuePreviously = breach?.PreviousDueAt, DueChangeReason = breach?.RescheduleReason, Version = state.Version,
                MeetingAt = step.MeetingAt,
            };
            if (existing.Contains(step.StepId))
            {
                KnownRows.Replace(db, row);
            }
            else
            {
                db.OpenTasks.Add(row);
            }
        }

        return Task.CompletedTask;
    }

    private static IEnumerable<StepState> OpenTasks(WorkflowState state) => state.OpenSteps.Where(s => s.Kind == StepKind.Task);
}
