namespace TrialStartup.Messaging.Timers;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Data;
using TrialStartup.Data.Commands;
using TrialStartup.Data.Deadlines;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Commands;

/// <summary>
/// Fires a deadline after re-checking it in the domain database, whoever asks (its own job, the sweep, the start-up
/// reconciliation): a deadline that is not armed any more (fired, or cancelled because the step completed or its clock
/// stopped) or not yet due is left alone, so a late, repeated or stale job does nothing. The command id depends only
/// on the deadline, so two processes firing it at once append one <c>TimerFired</c>: the engine answers the second as
/// a repeat, or it loses the (stream, version) race and finds the timer no longer live.
/// </summary>
public sealed class DeadlineFiring(IServiceScopeFactory scopes, TimeProvider clock)
{
    /// <summary>The audit action of a fired deadline.</summary>
    public const string Action = "fire-deadline";

    private const int Attempts = 5;

    /// <summary>Fires the deadline if it is armed and due; returns whether this call appended the firing.</summary>
    public async Task<bool> FireIfDueAsync(Guid instanceId, string timerId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            // A fresh scope per attempt: a lost race leaves the previous context cleared and the stream re-read.
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
            var deadline = await db.Deadlines.AsNoTracking()
                .FirstOrDefaultAsync(d => d.WorkflowInstanceId == instanceId && d.TimerId == timerId, cancellationToken).ConfigureAwait(false);
            if (deadline is null || deadline.State != DeadlineStates.Armed || deadline.DueAt > clock.GetUtcNow())
            {
                return false;
            }

            var project = await db.SiteProjects.FirstOrDefaultAsync(p => p.WorkflowInstanceId == instanceId, cancellationToken).ConfigureAwait(false);
            if (project is null)
            {
                return false;
            }

            var command = new FireTimer(MessageIds.Derive(Action, instanceId, timerId), instanceId, timerId);
            var result = await scope.ServiceProvider.GetRequiredService<ProjectCommands>()
                .RunAsync(project, Action, command, deadline.Kind, timerId, cancellationToken).ConfigureAwait(false);
            if (result.Status != CommandStatus.Conflict || attempt == Attempts)
            {
                return result.IsAccepted && !result.IsRepeat;
            }
        }
    }

    /// <summary>
    /// Fires every armed deadline already due, oldest first, in batches: the safety net for a job that never ran (lost
    /// with in-memory storage, or never armed because the process died right after the commit) and the fast path when
    /// many fall due together. Deadlines of instances that are not running (suspended) wait. Returns how many fired.
    /// </summary>
    public async Task<int> FireAllDueAsync(CancellationToken cancellationToken, int batchSize = 500)
    {
        var fired = 0;
        var tried = new HashSet<(Guid InstanceId, string TimerId)>();
        while (true)
        {
            List<(Guid InstanceId, string TimerId)> due;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
                var now = clock.GetUtcNow();
                var rows = await (from d in db.Deadlines.AsNoTracking()
                                  join s in db.SiteProjectStatus.AsNoTracking() on d.WorkflowInstanceId equals s.WorkflowInstanceId
                                  where d.State == DeadlineStates.Armed && d.DueAt <= now && s.Status == "running"
                                  orderby d.DueAt
                                  select new { d.WorkflowInstanceId, d.TimerId })
                    .Take(batchSize + tried.Count).ToListAsync(cancellationToken).ConfigureAwait(false);
                due = [.. rows.Select(r => (r.WorkflowInstanceId, r.TimerId)).Where(r => !tried.Contains(r)).Take(batchSize)];
            }

            if (due.Count == 0)
            {
                return fired;
            }

            foreach (var (instanceId, timerId) in due)
            {
                if (await FireIfDueAsync(instanceId, timerId, cancellationToken).ConfigureAwait(false))
                {
                    fired++;
                }
                else
                {
                    tried.Add((instanceId, timerId)); // one try per sweep: one that stays armed (refused) must not spin
                }
            }
        }
    }
}
