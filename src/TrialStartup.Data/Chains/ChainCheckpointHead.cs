namespace TrialStartup.Data.Chains;

/// <summary>The head of one chain as a checkpoint found it: its last sequence and that link's hash.</summary>
/// <remarks>Only the chains that moved since the previous checkpoint are recorded, so a day's rows grow with the day's work, not with the installation's size.</remarks>
public sealed class ChainCheckpointHead
{
    private ChainCheckpointHead()
    {
    }

    public ChainCheckpointHead(long checkpoint, string table, string chain, long sequence, string hash)
    {
        Checkpoint = checkpoint;
        Table = table;
        Chain = chain;
        Sequence = sequence;
        Hash = hash;
    }

    /// <summary>The checkpoint's <see cref="ChainCheckpoint.Sequence"/>.</summary>
    public long Checkpoint { get; private set; }

    /// <summary>The table of the chain: Events, Audit, Decisions or Documents.</summary>
    public string Table { get; private set; } = "";

    /// <summary>The chain within the table: a stream id, or a resource such as <c>site-project/{id}</c>.</summary>
    public string Chain { get; private set; } = "";

    public long Sequence { get; private set; }

    public string Hash { get; private set; } = "";

    /// <summary>The parts the checkpoint's digest covers for this head.</summary>
    public IEnumerable<string> Parts() => [Table, Chain, ChainParts.Of(Sequence), Hash];
}
