namespace TrialStartup.Workflows.Runtime;

/// <summary>The stream moved on since the caller read it; re-read and retry.</summary>
/// <param name="streamId">The stream.</param>
/// <param name="expectedVersion">The version the writer expected.</param>
/// <param name="actualVersion">The version the stream is at.</param>
public sealed class ConcurrencyConflictException(Guid streamId, long expectedVersion, long actualVersion)
    : Exception($"instance {streamId} is at version {actualVersion}, not {expectedVersion}: re-read it and retry")
{
    /// <summary>The version the stream is at.</summary>
    public long ActualVersion { get; } = actualVersion;

    /// <summary>The version the writer expected.</summary>
    public long ExpectedVersion { get; } = expectedVersion;

    /// <summary>The stream.</summary>
    public Guid StreamId { get; } = streamId;
}
