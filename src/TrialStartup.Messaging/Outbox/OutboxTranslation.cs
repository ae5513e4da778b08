namespace TrialStartup.Messaging.Outbox;

using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Data;
using TrialStartup.Data.Decisions;
using TrialStartup.Data.Outbox;
using TrialStartup.Data.Trials;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// Builds an append's contract messages while the command's facts are at hand (its project, its stream, the definition
/// it runs, the documents its signature covers), so they commit with the events and the dispatcher only publishes them.
/// What is not at hand is read once: the trial's protocol number and title and the institution's code, which never
/// change once registered and are therefore kept for the process's life (nothing to invalidate, on any number of
/// hosts); and the dossier's latest documents when an ethics review opens without a signature (a resubmission).
/// </summary>
internal sealed class OutboxTranslation(DefinitionCatalog definitions) : IOutboxTranslation
{
    private readonly ConcurrentDictionary<Guid, RegisteredFacts> _registered = new();

    /// <inheritdoc />
    public async Task<IReadOnlyList<string?>> PayloadsAsync(TrialStartupDbContext db, SiteProject project, IReadOnlyList<WorkflowEvent> stream,
        IReadOnlyList<RecordedEvent> appended, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(appended);
        if (!appended.Any(e => OutboxEvents.Told(e.Event)))
        {
            return [.. appended.Select(_ => (string?)null)];
        }

        var registered = await RegisteredAsync(db, project, cancellationToken).ConfigureAwait(false);
        // A review request lists the dossier's latest documents: those the command's own signature covers when it has one.
        IReadOnlyList<Contracts.Reviews.CoveredDocument> documents = appended.Any(e => e.Event is StepActivated { Kind: StepKind.Task, Role: Roles.EthicsCommittee })
            ? [.. (DecisionSigning.StagedCoverage(db, appended.Select(e => e.CommandId))
                    ?? await DecisionSigning.LatestDocumentsAsync(db, project.Id, cancellationToken).ConfigureAwait(false))
                .Select(d => new Contracts.Reviews.CoveredDocument(d.Kind, d.Version, d.Sha256))]
            : [];
        var started = (WorkflowStarted)stream[0];
        var facts = new MessageFacts(project.TrialId, project.Id, project.WorkflowInstanceId, registered.InstitutionCode, project.SiteRole.Name(),
            registered.ProtocolNumber, registered.TrialTitle, project.SubmittedAt,
            step => MessageFacts.OutcomesOf(definitions, started, step),
            () => documents,
            version => [.. stream.Take((int)version - 1)]); // version n is the stream's n-th event
        return [.. appended.Select(e => OutboxEvents.Told(e.Event)
            ? OutboxEnvelope.Write(ContractMessages.Of(e.Event, e.Version, e.CommandId, facts))
            : null)];
    }

    private async Task<RegisteredFacts> RegisteredAsync(TrialStartupDbContext db, SiteProject project, CancellationToken cancellationToken)
    {
        if (_registered.TryGetValue(project.Id, out var known))
        {
            return known;
        }

        var read = await (
                from t in db.Trials.AsNoTracking()
                from i in db.Institutions.AsNoTracking()
                where t.Id == project.TrialId && i.Id == project.InstitutionId
                select new RegisteredFacts(t.ProtocolNumber, t.Title, i.Code))
            .SingleAsync(cancellationToken).ConfigureAwait(false);
        return _registered.GetOrAdd(project.Id, read);
    }

    // What every message of a site project carries and nobody can change after registration.
    private sealed record RegisteredFacts(string ProtocolNumber, string TrialTitle, string InstitutionCode);
}
