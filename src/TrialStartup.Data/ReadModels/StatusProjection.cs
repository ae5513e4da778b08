namespace TrialStartup.Data.ReadModels;

using TrialStartup.Workflows.Runtime.Events;

/// <summary>Each site project's status row: where it stands, who holds it, its version.</summary>
internal sealed class StatusProjection : IReadModelProjection
{
    public async Task ProjectAsync(TrialStartupDbContext db, StreamChange change, CancellationToken cancellationToken)
    {
        var (project, state, started, all) = (change.Project, change.State, change.Started, change.All);
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
}
