namespace TrialStartup.Data.Committees;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Data.Decisions;
using TrialStartup.Data.ReadModels;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// A committee's item is decided when its task is, whichever way the decision arrived: a meeting's vote, a chair's
/// decision through the API, or the institution's own system by message. The meeting's screen decides its item itself
/// (with the meeting that decided it) before the append; any other completion of the committee's task round is found
/// here, so no agenda keeps a task that was decided elsewhere.
/// </summary>
internal sealed class ReviewItemProjection : IReadModelProjection
{
    public async Task ProjectAsync(TrialStartupDbContext db, StreamChange change, CancellationToken cancellationToken)
    {
        foreach (var recorded in change.Appended)
        {
            // Only the committee's tasks are routed, so the other reviewers' decisions (the write path's bulk) ask nothing.
            if (recorded.Event is not TaskCompleted { By.Role: Roles.EthicsCommittee } done)
            {
                continue;
            }

            var instanceId = change.Project.WorkflowInstanceId;
            var item = db.Tracked<ReviewItem>().FirstOrDefault(i => i.WorkflowInstanceId == instanceId && i.StepId == done.StepId && i.Round == done.Round)
                ?? await db.ReviewItems.FirstOrDefaultAsync(i => i.WorkflowInstanceId == instanceId && i.StepId == done.StepId && i.Round == done.Round
                    && i.Status != ReviewItem.Decided, cancellationToken).ConfigureAwait(false);
            // A tracked item may already be decided in memory (the meeting's own decision): it keeps what it was given.
            if (item is null || item.Status == ReviewItem.Decided)
            {
                continue;
            }

            // The signature record commits with the command that completed the task.
            var record = db.Tracked<DecisionRecord>().FirstOrDefault(d => d.CommandId == recorded.CommandId);
            item.Decide(done.Outcome, done.At, null, record?.Id);
        }
    }
}
