namespace TrialStartup.Data.Events;

using Microsoft.EntityFrameworkCore;

/// <summary>
/// Walks every event stream in version order and checks each link of its hash chain (<see cref="EventChain"/>): that
/// versions run 1, 2, 3… without a gap and that each stored hash is the one the row's content and its predecessor give.
/// Stops at the first broken link. Read-only: it never links or repairs anything.
/// </summary>
/// <param name="db">A context of the caller's.</param>
public sealed class EventChainVerifier(TrialStartupDbContext db)
{
    /// <summary>Verifies every stream; the report says OK with counts or names the first broken link.</summary>
    public async Task<EventChainReport> VerifyAsync(CancellationToken cancellationToken = default)
    {
        long streams = 0, events = 0;
        Guid? stream = null;
        long expectedVersion = 0;
        var previous = EventChain.Genesis;

        // One ordered pass over the key's index, streamed: memory stays flat whatever the table's size.
        var rows = db.Events.AsNoTracking().OrderBy(e => e.StreamId).ThenBy(e => e.Version)
            .Select(e => new { e.StreamId, e.Version, e.CommandId, e.Type, e.RecordedAt, e.Data, e.Hash })
            .AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (row.StreamId != stream)
            {
                (stream, expectedVersion, previous) = (row.StreamId, 1, EventChain.Genesis);
                streams++;
            }

            var expected = EventChain.Link(previous, row.StreamId, row.Version, row.CommandId, row.Type, row.RecordedAt, row.Data);
            EventChainBreak? broken = row.Version < expectedVersion ? Break(row.StreamId, row.Version, EventChainBreak.OutOfOrder, null, row.Hash)
                : row.Version > expectedVersion ? Break(row.StreamId, expectedVersion, EventChainBreak.Missing, null, null)
                : row.Hash is null ? Break(row.StreamId, row.Version, EventChainBreak.Unlinked, expected, null)
                : !string.Equals(row.Hash, expected, StringComparison.Ordinal) ? Break(row.StreamId, row.Version, EventChainBreak.Altered, expected, row.Hash)
                : null;
            if (broken is not null)
            {
                return new EventChainReport(streams, events, broken);
            }

            events++;
            expectedVersion++;
            previous = row.Hash!;
        }

        return new EventChainReport(streams, events, null);
    }

    private static EventChainBreak Break(Guid streamId, long version, string kind, string? expected, string? found) =>
        new(EventChainBreak.EventsTable, streamId, version, kind, expected, found);
}
