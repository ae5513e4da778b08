namespace TrialStartup.Data.ReadModels;

/// <summary>The monitoring's raw facts: each closed stretch of a step, cut at suspensions, with who held it.</summary>
internal sealed class StepDurationProjection : IReadModelProjection
{
    public Task ProjectAsync(TrialStartupDbContext db, StreamChange change, CancellationToken cancellationToken)
    {
        var (project, all) = (change.Project, change.All);
        for (var i = change.FirstNew; i < all.Count; i++)
        {
            if (StepStretches.ClosingOf(all[i]) is not { } closing)
            {
                continue;
            }

            var (stepId, outcome, _) = closing;

            // The stretch and its pieces, cut at the project's suspensions meanwhile.
            var opening = StepStretches.OpeningOf(all, stepId, i);
            var round = StepStretches.HolderOf(all[opening]).Round;
            foreach (var piece in StepStretches.Pieces(all, opening, i, all[i].At))
            {
                db.StepDurations.Add(new StepDurationRow
                {
                    WorkflowInstanceId = project.WorkflowInstanceId, SiteProjectId = project.Id, InstitutionId = project.InstitutionId,
                    StepId = stepId, Round = round, HeldBy = piece.HeldBy, OpenedAt = piece.From, ClosedAt = piece.To,
                    Outcome = piece.Outcome ?? outcome,
                });
            }
        }

        return Task.CompletedTask;
    }
}
