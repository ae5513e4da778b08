namespace TrialStartup.Data.Events;

/// <summary>The first link of a chain that does not hold.</summary>
/// <param name="Table">The table of the chain.</param>
/// <param name="StreamId">The stream.</param>
/// <param name="Version">The version at which the chain breaks (for a gap, the missing one).</param>
/// <param name="Kind">What is wrong: <see cref="Altered"/>, <see cref="Missing"/>, <see cref="OutOfOrder"/> or <see cref="Unlinked"/>.</param>
/// <param name="ExpectedHash">The hash the row's content and its predecessor give, when there is a row to hash.</param>
/// <param name="FoundHash">The hash stored on the row, when there is one.</param>
public sealed record EventChainBreak(string Table, Guid StreamId, long Version, string Kind, string? ExpectedHash, string? FoundHash)
{
    /// <summary>The events' table.</summary>
    public const string EventsTable = "Events";

    /// <summary>The row's content or its predecessor changed since it was linked: its stored hash is not the one computed.</summary>
    public const string Altered = "altered";

    /// <summary>A version is missing: the stream goes on at a later one (a row was deleted).</summary>
    public const string Missing = "missing";

    /// <summary>A row's version is not after the previous row's.</summary>
    public const string OutOfOrder = "out-of-order";

    /// <summary>The row has no hash: written before the chains and not linked by the backfill, or its hash was removed.</summary>
    public const string Unlinked = "unlinked";

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        Missing => $"{Table}, stream {StreamId}, version {Version} is missing (the stream goes on at a later version: a row was deleted).",
        Unlinked => $"{Table}, stream {StreamId}, version {Version} has no hash (expected {ExpectedHash}).",
        OutOfOrder => $"{Table}, stream {StreamId}, version {Version} is out of order.",
        _ => $"{Table}, stream {StreamId}, version {Version} was altered: expected hash {ExpectedHash}, found {FoundHash}.",
    };
}
