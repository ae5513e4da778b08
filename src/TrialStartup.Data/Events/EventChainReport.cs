namespace TrialStartup.Data.Events;

/// <summary>What <see cref="EventChainVerifier"/> found: how much it walked, and the first broken link if any.</summary>
/// <param name="Streams">The streams walked (up to the break).</param>
/// <param name="Events">The events walked (up to the break).</param>
/// <param name="Broken">The first broken link, or null when every link holds.</param>
public sealed record EventChainReport(long Streams, long Events, EventChainBreak? Broken)
{
    /// <summary>True when every event is linked to the one before it and no version is missing.</summary>
    public bool IsIntact => Broken is null;

    /// <summary>One line for an operator: OK with the counts, or where the chain breaks and how.</summary>
    public override string ToString() => Broken is null
        ? $"OK: {Streams} streams, {Events} events in {EventChainBreak.EventsTable}; every link holds."
        : $"BROKEN after {Events} events: {Broken}";
}
