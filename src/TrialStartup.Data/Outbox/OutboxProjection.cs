namespace TrialStartup.Data.Outbox;

using TrialStartup.Data.ReadModels;
using TrialStartup.Workflows.Runtime;

/// <summary>
/// The append's outbox rows, which commit with its events: one per event other services hear about, carrying the
/// messages <see cref="IOutboxTranslation"/> built for it, or the event itself when no translation is registered.
/// </summary>
internal sealed class OutboxProjection(IOutboxTranslation? translation) : IReadModelProjection
{
    public async Task ProjectAsync(TrialStartupDbContext db, StreamChange change, CancellationToken cancellationToken)
    {
        var appended = change.Appended;
        IReadOnlyList<string?> payloads = translation is not null
            ? await translation.PayloadsAsync(db, change.Project, change.All, appended, cancellationToken).ConfigureAwait(false)
            : [.. appended.Select(e => OutboxEvents.Told(e.Event) ? WorkflowEventJson.Serialize(e.Event) : null)];
        for (var i = 0; i < appended.Count; i++)
        {
            if (payloads[i] is { } payload)
            {
                var e = appended[i];
                db.Outbox.Add(new OutboxMessage(Guid.CreateVersion7(e.Event.At), change.Project.WorkflowInstanceId, e.Version, e.CommandId,
                    WorkflowEventJson.AliasOf(e.Event), payload, e.Event.At));
            }
        }
    }
}
