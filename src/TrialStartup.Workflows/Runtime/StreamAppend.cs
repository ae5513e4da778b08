namespace TrialStartup.Workflows.Runtime;

/// <summary>
/// What a decided command appends to an instance's stream, with what the engine knew when it decided: the stream it
/// decided on and the state before and after the new events. A store keeps read models from these without reading or
/// folding the stream again.
/// </summary>
/// <param name="StreamId">The instance.</param>
/// <param name="Previous">The stream the command was decided on, from version 1; the new events continue it.</param>
/// <param name="Events">The new events, versions <c>Previous.Count + 1</c> onwards.</param>
/// <param name="Before">The instance's state folded from <paramref name="Previous"/>.</param>
/// <param name="After">The state with the new events applied.</param>
public sealed record StreamAppend(
    Guid StreamId, IReadOnlyList<RecordedEvent> Previous, IReadOnlyList<RecordedEvent> Events, WorkflowState Before, WorkflowState After)
{
    /// <summary>The version the stream must still be at for the append to succeed.</summary>
    public long ExpectedVersion => Previous.Count;
}
