namespace TrialStartup.Data.Chains;

/// <summary>
/// The link columns every chained row has (<see cref="IChainedRow"/>), written once here: the row says what its chain and
/// its canonical content are; its sequence and hash are set by the linker just before it is inserted, or by the backfill.
/// </summary>
public abstract class ChainedRow : IChainedRow
{
    /// <inheritdoc />
    public abstract string ChainKey { get; }

    /// <inheritdoc />
    public long? ChainSequence { get; private set; }

    /// <inheritdoc />
    public string? Hash { get; private set; }

    /// <inheritdoc />
    public abstract IReadOnlyList<string> ChainParts();

    /// <inheritdoc />
    public void Link(long sequence, string previousHash)
    {
        ChainSequence = sequence;
        Hash = ChainHash.Link(previousHash, ChainParts());
    }
}
