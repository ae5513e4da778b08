namespace TrialStartup.Messaging.Outbox;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Contracts.GreenChannel;
using TrialStartup.Contracts.Reviews;
using TrialStartup.Contracts.Sites;
using TrialStartup.Contracts.Turnaround;
using TrialStartup.Data;
using TrialStartup.Data.Decisions;
using TrialStartup.Data.Outbox;
using TrialStartup.Data.Trials;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// Turns committed workflow events (outbox rows) into the contract messages other services understand, adding what
/// every message carries (trial, site project, institution). The stored events stay internal; only contracts travel.
/// </summary>
/// <param name="db">The dispatcher's context.</param>
/// <param name="definitions">For the outcomes a review request offers.</param>
internal sealed class OutboxTranslator(TrialStartupDbContext db, DefinitionCatalog definitions)
{
    // The alias stored with StepActivated events: only those rows may need review facts.
    private static readonly string StepActivatedAlias = WorkflowEventJson.AliasOf(new StepActivated("", StepKind.Task, 1, null, 0, default));

    private readonly Dictionary<Guid, ProjectFacts?> _projects = [];
    private readonly Dictionary<Guid, WorkflowStarted> _starts = [];
    private readonly Dictionary<Guid, IReadOnlyList<Data.Decisions.CoveredDocument>> _documents = [];

    /// <summary>
    /// Loads what a batch's messages need in a few queries rather than a few per row: the projects of its streams and,
    /// for streams where a task opened, how each started (for the outcomes offered) and its latest documents.
    /// </summary>
    public async Task LoadAsync(IReadOnlyList<OutboxMessage> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await LoadProjectsAsync([.. batch.Select(r => r.StreamId).Distinct()], cancellationToken).ConfigureAwait(false);
        var opened = batch.Where(r => r.Type == StepActivatedAlias).Select(r => r.StreamId).Distinct().ToList();
        if (opened.Count == 0)
        {
            return;
        }

        var starts = await db.Events.AsNoTracking().Where(e => opened.Contains(e.StreamId) && e.Version == 1)
            .Select(e => new { e.StreamId, e.Data }).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var start in starts)
        {
            _starts[start.StreamId] = (WorkflowStarted)WorkflowEventJson.Deserialize(start.Data);
        }

        var projectIds = opened.Select(id => _projects.GetValueOrDefault(id)?.Project.Id).OfType<Guid>().ToList();
        var documents = await db.Documents.AsNoTracking().Where(d => projectIds.Contains(d.SiteProjectId))
            .Select(d => new { d.SiteProjectId, d.Kind, d.Version, d.Sha256 }).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var projectId in projectIds)
        {
            _documents[projectId] = [.. documents.Where(d => d.SiteProjectId == projectId).GroupBy(d => d.Kind, StringComparer.Ordinal)
                .Select(g => g.MaxBy(d => d.Version)!).OrderBy(d => d.Kind, StringComparer.Ordinal)
                .Select(d => new Data.Decisions.CoveredDocument(d.Kind, d.Version, d.Sha256))];
        }
    }

    private async Task LoadProjectsAsync(IReadOnlyCollection<Guid> streamIds, CancellationToken cancellationToken)
    {
        var rows = await (
                from p in db.SiteProjects.AsNoTracking()
                join i in db.Institutions.AsNoTracking() on p.InstitutionId equals i.Id
                join t in db.Trials.AsNoTracking() on p.TrialId equals t.Id
                where streamIds.Contains(p.WorkflowInstanceId)
                select new { Project = p, i.Code, Trial = t })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var id in streamIds)
        {
            _projects[id] = null;
        }

        foreach (var row in rows)
        {
            _projects[row.Project.WorkflowInstanceId] = new ProjectFacts(row.Project, row.Code, row.Trial);
        }
    }

    /// <summary>The messages <paramref name="row"/> stands for, in publishing order; none for internal events.</summary>
    public async Task<IReadOnlyList<object>> TranslateAsync(OutboxMessage row, CancellationToken cancellationToken)
    {
        if (_projects.GetValueOrDefault(row.StreamId) is not { } facts)
        {
            return []; // an instance without a site project (an engine-only stream): nobody outside to tell
        }

        var (project, institution, trial) = facts;
        var (trialId, projectId, instanceId, correlation) = (trial.Id, project.Id, row.StreamId, row.CommandId);
        return WorkflowEventJson.Deserialize(row.Payload) switch
        {
            WorkflowStarted e => [new SiteStartupStarted(trialId, projectId, instanceId, correlation, institution, project.SiteRole.Name(),
                e.DefinitionId, e.DefinitionVersion, e.At)],
            StepActivated { Kind: StepKind.Task, Role: { } role } e when role == Roles.EthicsCommittee =>
            [
                new ReviewTaskOpened(trialId, projectId, instanceId, correlation, institution, e.StepId, role, e.Round, e.At),
                new RequestEthicsReview(trialId, projectId, instanceId, correlation, institution, trial.ProtocolNumber, trial.Title,
                    e.StepId, e.Round, await OutcomesAsync(instanceId, e.StepId, cancellationToken).ConfigureAwait(false),
                    [.. (_documents.GetValueOrDefault(projectId) ?? await DecisionSigning.LatestDocumentsAsync(db, projectId, cancellationToken)
                            .ConfigureAwait(false))
                        .Select(d => new Contracts.Reviews.CoveredDocument(d.Kind, d.Version, d.Sha256))],
                    e.At),
            ],
            StepActivated { Kind: StepKind.Task, Role: { } role } e =>
                [new ReviewTaskOpened(trialId, projectId, instanceId, correlation, institution, e.StepId, role, e.Round, e.At)],
            TaskCompleted e when e.By.Role == Roles.EthicsCommittee => [new EthicsDecisionRecorded(trialId, projectId, instanceId, correlation,
                institution, e.StepId, e.Round, e.Outcome, e.DecisionFacts.GetValueOrDefault("reviewType"), e.By.Name, e.At)],
            TaskCompleted e => [new ReviewDecisionRecorded(trialId, projectId, instanceId, correlation, institution, e.StepId, e.By.Role,
                e.Round, e.Outcome, e.By.Name, e.At)],
            RevisionRequested e => [new ChangesRequested(trialId, projectId, instanceId, correlation, institution, e.StepId, e.Round,
                e.HolderRole, e.At)],
            SignalPublished e => [new LeadSiteSignalled(trialId, projectId, instanceId, correlation, e.Signal,
                LeadSignalReference(instanceId, row.StreamVersion), e.At)],
            WorkflowEnded { Result: "activated" } e => [new SiteActivated(trialId, projectId, instanceId, correlation, institution,
                project.SubmittedAt, e.At)],
            WorkflowEnded e => [new SiteStartupStopped(trialId, projectId, instanceId, correlation, institution, e.Result, e.At)],
            WorkflowSuspended e => [new SiteStartupSuspended(trialId, projectId, instanceId, correlation, institution, true, e.At)],
            WorkflowResumed e => [new SiteStartupSuspended(trialId, projectId, instanceId, correlation, institution, false, e.At)],
            TimerFired e => [await TurnaroundMessageAsync(trialId, projectId, instanceId, correlation, institution, e, row.StreamVersion,
                cancellationToken).ConfigureAwait(false)],
            _ => [],
        };
    }

    /// <summary>Unique per publication, so a participating site tells a second suspension from a redelivered first.</summary>
    public static string LeadSignalReference(Guid leadInstanceId, long streamVersion) => $"{leadInstanceId}@{streamVersion}";

    private async Task<IReadOnlyList<string>> OutcomesAsync(Guid instanceId, string stepId, CancellationToken cancellationToken)
    {
        if (!_starts.TryGetValue(instanceId, out var start))
        {
            var started = await db.Events.AsNoTracking().Where(e => e.StreamId == instanceId && e.Version == 1).Select(e => e.Data)
                .FirstAsync(cancellationToken).ConfigureAwait(false);
            start = (WorkflowStarted)WorkflowEventJson.Deserialize(started);
        }

        return definitions.Get(start.DefinitionId, start.DefinitionVersion).FindStep(stepId) is TaskStep task
            ? [.. task.Outcomes.Select(o => o.Name)]
            : [];
    }

    // The fired event names its timer and due time, not the role: that comes from the stream before it (the step's last
    // StepActivated), which is what the inbox was built from; so does the due time of events written before they had it.
    private async Task<object> TurnaroundMessageAsync(Guid trialId, Guid projectId, Guid instanceId, Guid correlation, string institution,
        TimerFired fired, long firedVersion, CancellationToken cancellationToken)
    {
        string[] types = ["timer-scheduled", "step-activated"]; // the events' stored aliases, stable by design (WorkflowEvent)
        var earlier = await db.Events.AsNoTracking()
            .Where(e => e.StreamId == instanceId && e.Version < firedVersion && types.Contains(e.Type))
            .OrderBy(e => e.Version).Select(e => e.Data)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var events = earlier.Select(WorkflowEventJson.Deserialize).ToList();
        var (dueAt, provisional) = fired.Due(events);
        var role = events.OfType<StepActivated>().LastOrDefault(a => a.StepId == fired.StepId)?.Role ?? Roles.SiteOffice;
        return fired.Kind == TimerKind.Breach
            ? new TurnaroundTargetBreached(trialId, projectId, instanceId, correlation, institution, fired.StepId, fired.Round, role,
                Roles.OfficeHead, dueAt, fired.At, provisional)
            : new TurnaroundTargetWarned(trialId, projectId, instanceId, correlation, institution, fired.StepId, fired.Round, role,
                dueAt, fired.At, provisional);
    }

    private sealed record ProjectFacts(SiteProject Project, string InstitutionCode, Trial Trial);
}
