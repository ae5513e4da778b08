namespace TrialStartup.Workflows.Runtime;

using TrialStartup.Workflows.Runtime.Events;

/// <summary>An event as stored: its stream, its version (1-based position) and the command that produced it.</summary>
/// <param name="StreamId">The instance.</param>
/// <param name="Version">Its position in the stream, from 1.</param>
/// <param name="CommandId">The command that produced it; a repeated command id finds these events again.</param>
/// <param name="Event">The event.</param>
public sealed record RecordedEvent(Guid StreamId, long Version, Guid CommandId, WorkflowEvent Event);
