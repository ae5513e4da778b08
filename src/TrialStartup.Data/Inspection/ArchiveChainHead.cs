namespace TrialStartup.Data.Inspection;

/// <summary>The last link of one chain an archive holds: the same figures a checkpoint records for it.</summary>
/// <param name="Table">Events, Audit, Decisions or Documents.</param>
/// <param name="Chain">The chain's key.</param>
/// <param name="Sequence">Its last sequence.</param>
/// <param name="Hash">That link's hash.</param>
public sealed record ArchiveChainHead(string Table, string Chain, long Sequence, string Hash);
