namespace TrialStartup.Data.Chains;

/// <summary>
/// A row that is a link of a hash chain other than an event stream's: an audit entry, a decision's signature record, a
/// document version. Each chain is one resource's (a site project's, an organisation's), not one per table, so writers on
/// different resources never wait for each other; within a chain, (chain, <see cref="ChainSequence"/>) is a unique key
/// and arbitrates two writers that link to the same head exactly as (stream, version) does for events.
/// </summary>
public interface IChainedRow
{
    /// <summary>The chain the row belongs to, such as <c>site-project/{id}</c>; made of columns the unique key holds.</summary>
    string ChainKey { get; }

    /// <summary>1, 2, 3 … within the chain; null only on a row written before the chains and not linked yet.</summary>
    long? ChainSequence { get; }

    /// <summary>
    /// <see cref="ChainHash.Link"/> of the previous link's hash and <see cref="ChainParts"/>, 64 lowercase hex
    /// characters; null only on a row written before the chains and not linked yet.
    /// </summary>
    string? Hash { get; }

    /// <summary>
    /// The row's canonical content as it is hashed: its chain, its sequence and every column a reader relies on, as
    /// invariant text (times as Unix milliseconds, which every provider stores without rounding; a null as empty text).
    /// </summary>
    IReadOnlyList<string> ChainParts();

    /// <summary>Makes the row link <paramref name="sequence"/> of its chain, following <paramref name="previousHash"/>.</summary>
    void Link(long sequence, string previousHash);
}
