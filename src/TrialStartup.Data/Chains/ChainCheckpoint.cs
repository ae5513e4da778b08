namespace TrialStartup.Data.Chains;

/// <summary>
/// A day's anchor of every chain (<see cref="ChainCheckpoints"/>): the heads of the chains that moved since the previous
/// checkpoint (<see cref="ChainCheckpointHead"/>), digested, and what verification found that day. The checkpoints are a
/// chain of their own, so the latest checkpoint's <see cref="Hash"/>, once exported outside the database, vouches for every
/// head ever recorded: a chain rewritten consistently since no longer ends in the head its checkpoint recorded.
/// </summary>
public sealed class ChainCheckpoint
{
    private ChainCheckpoint()
    {
    }

    public ChainCheckpoint(long sequence, DateOnly day, DateTimeOffset takenAt, int heads, string headsDigest, bool intact, string verification,
        string previousHash)
    {
        Sequence = sequence;
        Day = day;
        TakenAt = takenAt;
        Heads = heads;
        HeadsDigest = headsDigest;
        Intact = intact;
        Verification = verification;
        Hash = ChainHash.Link(previousHash, Parts());
    }

    /// <summary>1, 2, 3 …: the checkpoints' own chain.</summary>
    public long Sequence { get; private set; }

    /// <summary>The UTC day it anchors; one checkpoint a day.</summary>
    public DateOnly Day { get; private set; }

    public DateTimeOffset TakenAt { get; private set; }

    /// <summary>How many chain heads it recorded (the chains that moved since the previous checkpoint).</summary>
    public int Heads { get; private set; }

    /// <summary><see cref="ChainHash.Link"/> over its heads, ordered by table and chain.</summary>
    public string HeadsDigest { get; private set; } = "";

    /// <summary>Whether verification found every chain intact just before the heads were recorded.</summary>
    public bool Intact { get; private set; }

    /// <summary>What that verification reported, in one line.</summary>
    public string Verification { get; private set; } = "";

    /// <summary>Its link in the checkpoints' chain: the hash to keep outside the database.</summary>
    public string Hash { get; private set; } = "";

    /// <summary>The canonical content its hash covers.</summary>
    public IReadOnlyList<string> Parts() =>
        [ChainParts.Of(Sequence), Day.ToString("O", System.Globalization.CultureInfo.InvariantCulture), ChainParts.Of(TakenAt), ChainParts.Of(Heads),
            HeadsDigest, ChainParts.Of(Intact), Verification];
}
