namespace TrialStartup.Data.ReadModels;

using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>Each site project's status row: where it stands, who holds it, its version.</summary>
internal sealed class StatusProjection : IReadModelProjection
{
    public Task ProjectAsync(TrialStartupDbContext db, StreamChange change, CancellationToken cancellationToken)
    {
        var (project, state, started, all) = (change.Project, change.State, change.Started, change.All);
        var open = state.OpenSteps.ToList();
        var row = new SiteProjectStatusRow
        {
            SiteProjectId = project.Id, WorkflowInstanceId = project.WorkflowInstanceId, TrialId = project.TrialId,
            InstitutionId = project.InstitutionId, SponsorId = project.SponsorId, StartedAt = started.At,
            Status = state.Status,
            Result = state.Result,
            Version = state.Version,
            Priority = started.Priority,
            CurrentSteps = string.Join(",", open.Select(s => s.StepId)),
            Holders = string.Join(",", open.Select(s => s.Holder ?? StepStretches.Signal).Distinct()),
            WaitingForLead = open.Any(s => s.Kind == StepKind.Wait),
            EndedAt = all.OfType<WorkflowEnded>().FirstOrDefault()?.At,
            UpdatedAt = all[^1].At,
        };

        // The row is written with the stream's first append; every later one rewrites it whole.
        if (change.Before.Version == 0)
        {
            db.SiteProjectStatus.Add(row);
        }
        else
        {
            KnownRows.Replace(db, row);
        }

        return Task.CompletedTask;
    }
}
