namespace TrialStartup.Data.ReadModels;

using TrialStartup.Data.Trials;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// One read model kept by the events of a site project's stream: given what an append changed, it stages its rows on
/// the append's context (added, changed, removed), which commit with the events. Registered, in order, in
/// <see cref="ReadModelProjector"/>.
/// </summary>
internal interface IReadModelProjection
{
    Task ProjectAsync(TrialStartupDbContext db, StreamChange change, CancellationToken cancellationToken);
}

/// <summary>What one append changed on a site project's stream.</summary>
/// <param name="Project">The site project the stream belongs to.</param>
/// <param name="State">The instance's state after the append.</param>
/// <param name="All">Every event of the stream, the appended ones last.</param>
/// <param name="Appended">The events of this append.</param>
internal sealed record StreamChange(SiteProject Project, WorkflowState State, IReadOnlyList<WorkflowEvent> All, IReadOnlyList<RecordedEvent> Appended)
{
    /// <summary>How the instance started (its calendar, its priority).</summary>
    public WorkflowStarted Started { get; } = All.OfType<WorkflowStarted>().First();

    /// <summary>The index in <see cref="All"/> of the first appended event.</summary>
    public int FirstNew => All.Count - Appended.Count;
}
