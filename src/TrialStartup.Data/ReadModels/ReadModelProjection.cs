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

/// <summary>What one append changed on a site project's stream, as the engine decided it.</summary>
internal sealed class StreamChange(SiteProject project, StreamAppend append)
{
    /// <summary>The site project the stream belongs to.</summary>
    public SiteProject Project { get; } = project;

    /// <summary>The instance's state before the append: which rows exist (open tasks, armed deadlines) without reading them.</summary>
    public WorkflowState Before => append.Before;

    /// <summary>The instance's state after the append.</summary>
    public WorkflowState State => append.After;

    /// <summary>Every event of the stream, the appended ones last.</summary>
    public IReadOnlyList<WorkflowEvent> All { get; } = [.. append.Previous.Select(e => e.Event), .. append.Events.Select(e => e.Event)];

    /// <summary>The events of this append.</summary>
    public IReadOnlyList<RecordedEvent> Appended => append.Events;

    /// <summary>How the instance started (its calendar, its priority).</summary>
    public WorkflowStarted Started => (WorkflowStarted)All[0];

    /// <summary>The index in <see cref="All"/> of the first appended event.</summary>
    public int FirstNew => append.Previous.Count;
}
