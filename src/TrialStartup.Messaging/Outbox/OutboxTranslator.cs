namespace TrialStartup.Messaging.Outbox;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Data;
using TrialStartup.Data.Outbox;
using TrialStartup.Data.Trials;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// The messages of outbox rows that hold the workflow event rather than its messages: rows committed by builds before
/// the messages were built at append time, and rows of a host that runs no translation. Reads back the facts those
/// need (trial, project, institution, how the stream started, its documents and earlier events) for a whole batch,
/// then maps each event with <see cref="ContractMessages"/>, as an append would have.
/// </summary>
/// <param name="db">The dispatcher's context.</param>
/// <param name="definitions">For the outcomes a review request offers.</param>
internal sealed class OutboxTranslator(TrialStartupDbContext db, DefinitionCatalog definitions)
{
    // The stored aliases the facts below are read for (stable by design: WorkflowEvent).
    private static readonly string StepActivatedAlias = WorkflowEventJson.AliasOf(new StepActivated("", StepKind.Task, 1, null, 0, default));
    private static readonly string TimerFiredAlias = "timer-fired";
    private static readonly string[] EarlierTypes = ["timer-scheduled", "step-activated"];

    private readonly Dictionary<Guid, ProjectFacts?> _projects = [];
    private readonly Dictionary<Guid, WorkflowStarted> _starts = [];
    private readonly Dictionary<Guid, IReadOnlyList<Contracts.Reviews.CoveredDocument>> _documents = [];
    private readonly Dictionary<Guid, List<(long Version, WorkflowEvent Event)>> _earlier = [];

    /// <summary>
    /// The messages each of <paramref name="rows"/> stands for, in the rows' order: those its append wrote, or, for a
    /// row that holds its workflow event, those translated from it (the facts read back for all such rows at once).
    /// </summary>
    public static async Task<IReadOnlyList<(OutboxMessage Row, IReadOnlyList<object> Messages)>> MessagesAsync(TrialStartupDbContext db,
        DefinitionCatalog definitions, IReadOnlyList<OutboxMessage> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var written = rows.Select(r => OutboxEnvelope.TryRead(r.Payload, out var messages) ? messages : null).ToList();
        var events = rows.Where((_, i) => written[i] is null).ToList();
        var translator = new OutboxTranslator(db, definitions);
        if (events.Count > 0)
        {
            await translator.LoadAsync(events, cancellationToken).ConfigureAwait(false);
        }

        return [.. rows.Select((row, i) => (row, written[i] ?? translator.Translate(row)))];
    }

    /// <summary>
    /// Loads what a batch's rows need in a few queries rather than a few per row: the projects of their streams and,
    /// where a task opened, how each stream started and its latest documents; where a timer fired, the events before.
    /// </summary>
    private async Task LoadAsync(IReadOnlyList<OutboxMessage> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await LoadProjectsAsync([.. batch.Select(r => r.StreamId).Distinct()], cancellationToken).ConfigureAwait(false);
        var opened = batch.Where(r => r.Type == StepActivatedAlias).Select(r => r.StreamId).Distinct().ToList();
        var known = batch.Select(r => r.StreamId).Distinct().Where(id => _projects.GetValueOrDefault(id) is not null).ToList();
        var starts = await db.Events.AsNoTracking().Where(e => known.Contains(e.StreamId) && e.Version == 1)
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
                .Select(d => new Contracts.Reviews.CoveredDocument(d.Kind, d.Version, d.Sha256))];
        }

        foreach (var fired in batch.Where(r => r.Type == TimerFiredAlias).GroupBy(r => r.StreamId))
        {
            var (streamId, last) = (fired.Key, fired.Max(r => r.StreamVersion));
            var earlier = await db.Events.AsNoTracking()
                .Where(e => e.StreamId == streamId && e.Version < last && EarlierTypes.Contains(e.Type))
                .OrderBy(e => e.Version).Select(e => new { e.Version, e.Data })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            _earlier[streamId] = [.. earlier.Select(e => (e.Version, WorkflowEventJson.Deserialize(e.Data)))];
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

    /// <summary>The messages <paramref name="row"/> (loaded with <see cref="LoadAsync"/>) stands for, in publishing order; none for internal events.</summary>
    private IReadOnlyList<object> Translate(OutboxMessage row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (_projects.GetValueOrDefault(row.StreamId) is not { } facts)
        {
            return []; // an instance without a site project (an engine-only stream): nobody outside to tell
        }

        var (project, institution, trial) = facts;
        var streamId = row.StreamId;
        return ContractMessages.Of(WorkflowEventJson.Deserialize(row.Payload), row.StreamVersion, row.CommandId, new MessageFacts(
            trial.Id, project.Id, streamId, institution, project.SiteRole.Name(), trial.ProtocolNumber, trial.Title, project.SubmittedAt,
            step => MessageFacts.OutcomesOf(definitions, _starts[streamId], step),
            () => _documents[project.Id],
            version => [.. _earlier[streamId].Where(e => e.Version < version).Select(e => e.Event)]));
    }

    private sealed record ProjectFacts(SiteProject Project, string InstitutionCode, Trial Trial);
}
