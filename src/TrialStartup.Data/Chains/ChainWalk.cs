namespace TrialStartup.Data.Chains;

/// <summary>
/// Checks the rows of one table, given in chain then sequence order, link by link: sequences 1, 2, 3… without a gap,
/// each hash the one its content and its predecessor give, and each chain's links where a checkpoint recorded them.
/// </summary>
/// <param name="table">The table walked.</param>
/// <param name="recorded">The latest head each chain of the table had at a checkpoint, by chain.</param>
internal sealed class ChainWalk(string table, IReadOnlyDictionary<string, RecordedHead> recorded)
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private string? _chain;
    private long _expected;
    private string _previous = ChainHash.Genesis;
    private long _links;

    /// <summary>The head each chain ended with, when the caller wants them (to record a checkpoint).</summary>
    public Dictionary<string, RecordedHead>? Heads { get; init; }

    /// <summary>How much was walked.</summary>
    public ChainTableCount Count => new(table, _seen.Count, _links);

    /// <summary>Checks the next row; the break it shows, or null when its link holds.</summary>
    public ChainBreak? Next(string chain, long? sequence, IReadOnlyList<string> parts, string? hash)
    {
        if (!string.Equals(chain, _chain, StringComparison.Ordinal))
        {
            if (EndOfChain() is { } truncated)
            {
                return truncated;
            }

            (_chain, _expected, _previous) = (chain, 1, ChainHash.Genesis);
            _seen.Add(chain);
        }

        if (sequence is not { } at)
        {
            return Break(chain, _expected, ChainBreak.Unlinked, null, hash);
        }

        if (at != _expected)
        {
            return at < _expected ? Break(chain, at, ChainBreak.OutOfOrder, null, hash) : Break(chain, _expected, ChainBreak.Missing, null, null);
        }

        var computed = ChainHash.Link(_previous, parts);
        if (hash is null || !string.Equals(hash, computed, StringComparison.Ordinal))
        {
            return Break(chain, at, hash is null ? ChainBreak.Unlinked : ChainBreak.Altered, computed, hash);
        }

        // Every link holds, yet the chain may have been recomputed from here on: the checkpoint's head says.
        if (recorded.TryGetValue(chain, out var head) && head.Sequence == at && !string.Equals(head.Hash, hash, StringComparison.Ordinal))
        {
            return Break(chain, at, ChainBreak.Rewritten, head.Hash, hash);
        }

        _links++;
        _expected++;
        _previous = hash;
        return null;
    }

    /// <summary>After the last row: the last chain's end, and the chains a checkpoint recorded that have no row left.</summary>
    public ChainBreak? Finish()
    {
        if (EndOfChain() is { } truncated)
        {
            return truncated;
        }

        var vanished = recorded.Where(r => !_seen.Contains(r.Key)).OrderBy(r => r.Key, StringComparer.Ordinal).FirstOrDefault();
        return vanished.Key is null ? null : Break(vanished.Key, vanished.Value.Sequence, ChainBreak.Truncated, vanished.Value.Hash, null);
    }

    // The chain just walked ends at _expected - 1: no earlier than the head a checkpoint recorded for it.
    private ChainBreak? EndOfChain()
    {
        if (_chain is null)
        {
            return null;
        }

        var last = _expected - 1;
        if (Heads is not null)
        {
            Heads[_chain] = new RecordedHead(last, _previous);
        }

        return recorded.TryGetValue(_chain, out var head) && head.Sequence > last
            ? Break(_chain, head.Sequence, ChainBreak.Truncated, head.Hash, null)
            : null;
    }

    private ChainBreak Break(string chain, long sequence, string kind, string? expected, string? found) => new(table, chain, sequence, kind, expected, found);
}

/// <summary>A chain's head: its last sequence and that link's hash.</summary>
public readonly record struct RecordedHead(long Sequence, string Hash);
