namespace TrialStartup.Data.Committees;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Data.ReadModels;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// Continuing reviews follow the project's ethics approval: the decision that puts it in place (<see cref="EthicsApproval"/>)
/// starts the schedule, due a year later unless the committee sets a shorter interval; an end of the start-up other than
/// activation (terminated, the lead's approval withdrawn, institutional approval refused) closes it and resolves its
/// alerts. Activation ends the start-up workflow, not the approval: the schedule runs on for as long as the trial does.
/// Kept by the events, whichever way the decision arrived (the API, a message, a meeting's vote).
/// </summary>
internal sealed class ContinuingReviewProjection : IReadModelProjection
{
    /// <summary>The result of a start-up that ended with the site activated (its approval still stands).</summary>
    internal const string Activated = "activated";

    public async Task ProjectAsync(TrialStartupDbContext db, StreamChange change, CancellationToken cancellationToken)
    {
        var project = change.Project;
        // Whether the schedule already exists: an approval earlier in the stream started it (the stream is the truth).
        var approved = change.All.Take(change.FirstNew).OfType<TaskCompleted>().Any(t => EthicsApproval.Grants(t.StepId, t.Outcome));
        ContinuingReviewSchedule? started = null;
        foreach (var e in change.Appended.Select(e => e.Event))
        {
            switch (e)
            {
                case TaskCompleted done when !approved && EthicsApproval.Grants(done.StepId, done.Outcome):
                    var timeZone = await db.Institutions.AsNoTracking().Where(i => i.Id == project.InstitutionId).Select(i => i.TimeZone)
                        .SingleAsync(cancellationToken).ConfigureAwait(false);
                    started = new ContinuingReviewSchedule(project.Id, project.InstitutionId, project.TrialId, done.StepId, done.At,
                        ContinuingReviewDue.Today(done.At, Organisations.Institution.ZoneOf(timeZone)));
                    db.ContinuingReviewSchedules.Add(started);
                    approved = true;
                    break;
                case WorkflowEnded ended when approved && ended.Result != Activated:
                    var schedule = started ?? await db.ContinuingReviewSchedules.SingleOrDefaultAsync(s => s.SiteProjectId == project.Id, cancellationToken)
                        .ConfigureAwait(false);
                    if (schedule is null)
                    {
                        break; // approved before continuing reviews were kept: nothing to close
                    }

                    schedule.Close(ended.At, $"the start-up ended {ended.Result} ({ended.Source})");
                    await ContinuingReviewAlerts.ResolveAsync(db, project.Id, ended.At, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }
}
