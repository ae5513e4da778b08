namespace TrialStartup.Data.ReadModels;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Data.Alerts;
using TrialStartup.Data.Deadlines;
using TrialStartup.Data.Outbox;
using TrialStartup.Data.Trials;
using TrialStartup.Workflows.Runtime;

/// <summary>
/// Keeps the read models of one instance current. Called by the event store before the append's SaveChanges, so a
/// read model is never ahead of or behind its stream. Each read model is one projection; they run in this order.
/// </summary>
/// <param name="db">The append's context.</param>
/// <param name="knownJobs">The deadline jobs this process knows are waiting, if it keeps them.</param>
/// <param name="outbox">What builds the outbox rows' messages, if this host has one.</param>
internal sealed class ReadModelProjector(TrialStartupDbContext db, IKnownDeadlineJobs? knownJobs, IOutboxTranslation? outbox = null)
{
    private readonly IReadModelProjection[] projections =
    [
        new StatusProjection(),
        new OpenTaskProjection(),
        new StepDurationProjection(),
        new DeadlineProjection(knownJobs),
        new AlertProjection(),
        new Committees.ContinuingReviewProjection(),
        new Committees.ReviewItemProjection(),
        new OutboxProjection(outbox),
    ];

    /// <summary>The projections, in the order they run.</summary>
    internal IReadOnlyList<IReadModelProjection> Projections => projections;

    public async Task ProjectAsync(StreamAppend append, CancellationToken cancellationToken)
    {
        // The command's project is usually tracked already (ProjectCommands); streams without a site project (engine tests,
        // simulations) have nobody to show read models to.
        var instanceId = append.StreamId;
        var project = db.Tracked<SiteProject>().FirstOrDefault(p => p.WorkflowInstanceId == instanceId)
            ?? await db.SiteProjects.AsNoTracking().SingleOrDefaultAsync(p => p.WorkflowInstanceId == instanceId, cancellationToken)
                .ConfigureAwait(false);
        if (project is null)
        {
            return;
        }

        var change = new StreamChange(project, append);
        foreach (var projection in projections)
        {
            await projection.ProjectAsync(db, change, cancellationToken).ConfigureAwait(false);
        }
    }
}
