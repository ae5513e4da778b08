namespace TrialStartup.Messaging.Timers;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Data;
using TrialStartup.Data.Commands;
using TrialStartup.Data.Deadlines;
using TrialStartup.Data.Providers;
using TrialStartup.Data.Telemetry;
using TrialStartup.Messaging.Hosting;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Commands;

/// <summary>
/// Fires due deadlines in batches, whoever asks (the job woken at a due instant, the minutely sweep, the start-up
/// reconciliation). Deadlines fall due together (at local midnight, everything armed on one day with one target), so a
/// run claims a batch of due deadlines with one statement, then fires them, several instances at once; any number of
/// processes work through a backlog side by side because a claimed deadline is left to the run that claimed it.
/// Every firing re-checks the deadline (<see cref="FireIfDueAsync"/>): one that is not armed any more (fired, or
/// cancelled because the step completed or its clock stopped) or not yet due is left alone, so a late, repeated or
/// stale run does nothing. The command id depends only on the deadline, so two processes firing it at once (a claim
/// that expired under a slow run) append one <c>TimerFired</c>.
/// </summary>
public sealed class DeadlineFiring(IServiceScopeFactory scopes, TimeProvider clock, TrialStartupOptions.TimerSettings settings, DatabaseTarget database)
{
    /// <summary>The audit action of a fired deadline.</summary>
    public const string Action = "fire-deadline";

    private const int Attempts = 5;

    /// <summary>Fires the deadline if it is armed and due; returns whether this call appended the firing.</summary>
    public async Task<bool> FireIfDueAsync(Guid instanceId, string timerId, CancellationToken cancellationToken)
    {
        using var activity = ProductTelemetry.Activities.StartActivity("fire deadline");
        activity?.SetTag("trialstartup.workflow_instance_id", instanceId).SetTag("trialstartup.timer_id", timerId);
        for (var attempt = 1; ; attempt++)
        {
            // A fresh scope per attempt: a lost race leaves the previous context cleared and the stream re-read.
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
            var found = await (from d in db.Deadlines.AsNoTracking()
                               join p in db.SiteProjects on d.WorkflowInstanceId equals p.WorkflowInstanceId
                               where d.WorkflowInstanceId == instanceId && d.TimerId == timerId
                               select new { d.State, d.DueAt, d.Kind, Project = p })
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (found is null || found.State != DeadlineStates.Armed || found.DueAt > clock.GetUtcNow())
            {
                return false;
            }

            var command = new FireTimer(MessageIds.Derive(Action, instanceId, timerId), instanceId, timerId);
            var result = await scope.ServiceProvider.GetRequiredService<ProjectCommands>()
                .RunAsync(found.Project, Action, command, found.Kind, timerId, cancellationToken).ConfigureAwait(false);
            if (result.Status != CommandStatus.Conflict || attempt == Attempts)
            {
                if (result.IsAccepted && !result.IsRepeat)
                {
                    ProductTelemetry.DeadlineFired(found.Kind, found.DueAt, clock.GetUtcNow());
                    return true;
                }

                return false;
            }
        }
    }

    /// <summary>
    /// Claims up to a batch of due, armed, unclaimed deadlines of running instances (a suspended one's wait), oldest
    /// first, for this run alone until the claim expires.
    /// </summary>
    public async Task<ClaimedDeadlines> ClaimDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
        var now = clock.GetUtcNow();
        var claimable = db.Deadlines.Where(d => d.State == DeadlineStates.Armed && d.DueAt <= now && (d.ClaimedUntil == null || d.ClaimedUntil <= now));
        var candidates = await (from d in claimable.AsNoTracking()
                                join s in db.SiteProjectStatus.AsNoTracking() on d.WorkflowInstanceId equals s.WorkflowInstanceId
                                where s.Status == InstanceStatus.Running
                                orderby d.DueAt
                                select new { d.WorkflowInstanceId, d.TimerId })
            .Take(settings.FiringBatchSize).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (candidates.Count == 0)
        {
            return ClaimedDeadlines.None;
        }

        // The claim re-evaluates the same condition row by row under the row's lock, so of two runs that read the same
        // candidates the second claims only what the first left. Instances × timer ids also match the other due rows of
        // the same instances (a warning due with its breach): armed, due and unclaimed as well, and fired in one go with
        // their instance, so the batch may be up to twice its size.
        var token = Guid.NewGuid();
        var until = now + settings.ClaimDuration;
        var instanceIds = candidates.Select(c => c.WorkflowInstanceId).Distinct().ToList();
        var timerIds = candidates.Select(c => c.TimerId).Distinct().ToList();
        await claimable.Where(d => instanceIds.Contains(d.WorkflowInstanceId) && timerIds.Contains(d.TimerId))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimedUntil, until).SetProperty(d => d.ClaimToken, token), cancellationToken)
            .ConfigureAwait(false);
        var claimed = await db.Deadlines.AsNoTracking()
            .Where(d => instanceIds.Contains(d.WorkflowInstanceId) && timerIds.Contains(d.TimerId) && d.ClaimToken == token)
            .OrderBy(d => d.DueAt).Select(d => new ClaimedDeadline(d.WorkflowInstanceId, d.TimerId))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new ClaimedDeadlines(claimed, MayHaveMore: candidates.Count == settings.FiringBatchSize);
    }

    /// <summary>
    /// Fires claimed deadlines: several instances at once, each instance's in due order (a warning before its breach).
    /// Returns how many fired; one that stays armed (refused) keeps its claim, so it is tried again only when that expires.
    /// </summary>
    public async Task<int> FireAsync(ClaimedDeadlines batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var fired = 0;
        var concurrency = database.Provider == DatabaseProvider.Sqlite ? 1 : settings.FiringConcurrency; // SQLite has one writer
        await Parallel.ForEachAsync(batch.Deadlines.GroupBy(d => d.InstanceId),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (instance, ct) =>
            {
                foreach (var deadline in instance)
                {
                    if (await FireIfDueAsync(deadline.InstanceId, deadline.TimerId, ct).ConfigureAwait(false))
                    {
                        Interlocked.Increment(ref fired);
                    }
                }
            }).ConfigureAwait(false);
        return fired;
    }

    /// <summary>
    /// Claims and fires batch after batch until nothing due is left unclaimed: the minutely sweep (a job that never ran:
    /// lost with in-memory storage, or never armed because the process died right after the commit) and the start-up
    /// reconciliation. Returns how many fired.
    /// </summary>
    public async Task<int> FireAllDueAsync(CancellationToken cancellationToken)
    {
        var fired = 0;
        while (true)
        {
            var batch = await ClaimDueAsync(cancellationToken).ConfigureAwait(false);
            if (batch.NothingLeft)
            {
                return fired;
            }

            fired += await FireAsync(batch, cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>One claimed deadline.</summary>
public sealed record ClaimedDeadline(Guid InstanceId, string TimerId);

/// <summary>
/// A claimed batch; <see cref="MayHaveMore"/> when a whole batch was found due (some perhaps claimed by another run
/// first), so more may be due.
/// </summary>
public sealed record ClaimedDeadlines(IReadOnlyList<ClaimedDeadline> Deadlines, bool MayHaveMore)
{
    public static readonly ClaimedDeadlines None = new([], false);

    /// <summary>Nothing claimed and nothing more due: none due, or the few due claimed by another run. A run stops here.</summary>
    public bool NothingLeft => Deadlines.Count == 0 && !MayHaveMore;
}
