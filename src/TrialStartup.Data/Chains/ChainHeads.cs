namespace TrialStartup.Data.Chains;

using System.Collections.Concurrent;

/// <summary>
/// The heads of the chains this process linked rows to last, per database, so that the next row of a chain links without
/// reading its head (<see cref="ChainLinker"/>): a command's audit entry and signature cost no extra round trip.
/// </summary>
/// <remarks>
/// A head is kept only once the row that made it committed, and chained rows are never removed, so a kept head is a row
/// of the chain. If another writer (another request, another host) has linked after it, the next row takes a sequence that
/// is already taken: the (chain, sequence) key refuses it and the linker reads the head and links again. So a stale head
/// costs a retry, never a wrong link. Keyed by connection string, because one process may serve several databases (tests).
/// </remarks>
internal static class ChainHeads
{
    // A head is about 200 bytes: this keeps the chains of many thousands of busy projects in a few megabytes.
    private const int Capacity = 20_000;

    private static readonly ConcurrentDictionary<(string Database, Type Table, string Chain), RecordedHead> Kept = new();

    public static bool TryGet(string database, Type table, string chain, out RecordedHead head) => Kept.TryGetValue((database, table, chain), out head);

    public static void Put(string database, Type table, string chain, RecordedHead head)
    {
        Kept.AddOrUpdate((database, table, chain), head, (_, kept) => kept.Sequence >= head.Sequence ? kept : head);
        if (Kept.Count > Capacity)
        {
            // Full: drop an eighth, whichever come first; a dropped chain's head is read the next time it is needed.
            foreach (var key in Kept.Keys.Take(Capacity / 8))
            {
                Kept.TryRemove(key, out _);
            }
        }
    }

    /// <summary>Forgets a chain's head, when a save showed that another writer moved it.</summary>
    public static void Forget(string database, Type table, string chain) => Kept.TryRemove((database, table, chain), out _);
}
