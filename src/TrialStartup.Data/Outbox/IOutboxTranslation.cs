namespace TrialStartup.Data.Outbox;

using TrialStartup.Data.Trials;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// Builds the messages other services hear about an append while the command's facts are at hand, so that they commit
/// with the events and the dispatcher only publishes them. The messaging module implements it (the contracts live
/// there); without one, an outbox row holds its workflow event and the dispatcher translates it (as rows of builds
/// before this one do).
/// </summary>
public interface IOutboxTranslation
{
    /// <summary>
    /// For each of <paramref name="appended"/>, in order: the payload of its outbox row, or null when other services do
    /// not hear about it.
    /// </summary>
    /// <param name="db">The append's context, for the few facts not at hand.</param>
    /// <param name="project">The site project whose stream this is.</param>
    /// <param name="stream">Every event of the stream, the appended ones last.</param>
    /// <param name="appended">The events of this append.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    Task<IReadOnlyList<string?>> PayloadsAsync(TrialStartupDbContext db, SiteProject project, IReadOnlyList<WorkflowEvent> stream,
        IReadOnlyList<RecordedEvent> appended, CancellationToken cancellationToken);
}
