namespace TrialStartup.Api.Audit;

using TrialStartup.Data.Chains;

/// <summary>A day's checkpoint of every hash chain: the hash to keep outside the database, and what verification found that day.</summary>
/// <param name="Sequence">Its place in the checkpoints' own chain: 1, 2, 3 …</param>
/// <param name="Day">The UTC day it anchors.</param>
/// <param name="TakenAt">When it was recorded (UTC).</param>
/// <param name="Heads">How many chain heads it recorded: the chains that moved since the previous checkpoint.</param>
/// <param name="Intact">Whether every chain held when it was recorded.</param>
/// <param name="Verification">What verification reported then, in one line.</param>
/// <param name="Hash">Its link in the checkpoints' chain: give it to <c>audit verify --anchor</c> to detect a rewrite of the whole database.</param>
public sealed record ChainCheckpointView(long Sequence, DateOnly Day, DateTimeOffset TakenAt, int Heads, bool Intact, string Verification, string Hash)
{
    /// <summary>Maps a stored checkpoint.</summary>
    public ChainCheckpointView(ChainCheckpoint checkpoint)
        : this(checkpoint?.Sequence ?? 0, checkpoint!.Day, checkpoint.TakenAt.ToUniversalTime(), checkpoint.Heads, checkpoint.Intact, checkpoint.Verification,
            checkpoint.Hash)
    {
    }
}

/// <summary>What a walk of every hash chain found.</summary>
/// <param name="Intact">True when every link of every chain holds (and the anchor, when given, is among the checkpoints).</param>
/// <param name="Summary">One line: OK with the counts, or where a chain breaks and how.</param>
/// <param name="Tables">Per table walked: how many chains and links.</param>
/// <param name="Broken">The first broken link, when there is one.</param>
/// <param name="Seconds">How long the walk took.</param>
public sealed record ChainVerificationView(bool Intact, string Summary, IReadOnlyList<ChainTableCount> Tables, ChainBreakView? Broken, double Seconds);

/// <summary>The first link of a chain that does not hold.</summary>
/// <param name="Table">Events, Audit, Decisions, Documents or ChainCheckpoints.</param>
/// <param name="Chain">The chain: a stream id, or a resource such as <c>site-project/{id}</c>.</param>
/// <param name="Sequence">The link at which it breaks.</param>
/// <param name="Kind">altered, missing, out-of-order, unlinked, truncated, rewritten, event-mismatch, document-mismatch or anchor-not-found.</param>
/// <param name="ExpectedHash">The hash the content and its predecessor give, or that a checkpoint recorded.</param>
/// <param name="FoundHash">The hash found.</param>
public sealed record ChainBreakView(string Table, string Chain, long Sequence, string Kind, string? ExpectedHash, string? FoundHash)
{
    /// <summary>Maps a break.</summary>
    public static ChainBreakView? From(ChainBreak? broken) =>
        broken is null ? null : new(broken.Table, broken.Chain, broken.Sequence, broken.Kind, broken.ExpectedHash, broken.FoundHash);
}
