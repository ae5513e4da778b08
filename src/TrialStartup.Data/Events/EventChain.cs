namespace TrialStartup.Data.Events;

using System.Globalization;
using TrialStartup.Data.Chains;

/// <summary>
/// The hash chain of an event stream: each event's <see cref="StoredEvent.Hash"/> is the SHA-256 of the previous event's
/// hash followed by the event's canonical content. The one place that says what an event's content is, for the store
/// that writes the links, the backfill that writes them for older rows and the verifier that checks them.
/// </summary>
public static class EventChain
{
    /// <summary>The previous hash of a stream's first event (version 1).</summary>
    public static readonly string Genesis = ChainHash.Genesis;

    /// <summary>
    /// The hash of an event linked to <paramref name="previousHash"/>. The content is the stream id, the version, the
    /// command id, the type, the time recorded as Unix milliseconds (what every provider stores without rounding) and
    /// the data JSON exactly as stored; each part is UTF-8 with a 4-byte big-endian length before it, so no two
    /// different events have the same bytes.
    /// </summary>
    public static string Link(string previousHash, Guid streamId, long version, Guid commandId, string type, DateTimeOffset recordedAt, string data) =>
        ChainHash.Link(previousHash, Parts(streamId, version, commandId, type, recordedAt, data));

    /// <summary>An event's canonical content, as <see cref="ChainHash"/> hashes it and an inspection archive carries it.</summary>
    public static IReadOnlyList<string> Parts(Guid streamId, long version, Guid commandId, string type, DateTimeOffset recordedAt, string data) =>
        [streamId.ToString("D"), version.ToString(CultureInfo.InvariantCulture), commandId.ToString("D"), type,
            recordedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), data];

    /// <summary>The hash of <paramref name="e"/> linked to <paramref name="previousHash"/>.</summary>
    public static string Link(string previousHash, StoredEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return Link(previousHash, e.StreamId, e.Version, e.CommandId, e.Type, e.RecordedAt, e.Data);
    }
}
