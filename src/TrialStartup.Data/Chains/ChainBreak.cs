namespace TrialStartup.Data.Chains;

/// <summary>The first link of a chain that does not hold, as <see cref="ChainVerifier"/> found it.</summary>
/// <param name="Table">The table of the chain: <see cref="ChainTables"/>.</param>
/// <param name="Chain">The chain within the table: a stream id, or a resource such as <c>site-project/{id}</c>.</param>
/// <param name="Sequence">The link at which the chain breaks (for a gap, the missing one).</param>
/// <param name="Kind">What is wrong: one of the constants below.</param>
/// <param name="ExpectedHash">The hash the row's content and its predecessor give (or a checkpoint recorded), when known.</param>
/// <param name="FoundHash">The hash found, when there is one.</param>
public sealed record ChainBreak(string Table, string Chain, long Sequence, string Kind, string? ExpectedHash, string? FoundHash)
{
    /// <summary>The row's content or its predecessor changed since it was linked: its stored hash is not the one computed.</summary>
    public const string Altered = "altered";

    /// <summary>A link is missing: the chain goes on at a later one (a row was deleted).</summary>
    public const string Missing = "missing";

    /// <summary>A row's sequence is not after the previous row's.</summary>
    public const string OutOfOrder = "out-of-order";

    /// <summary>The row has no hash: written before the chains and not linked by the backfill, or its hash was removed.</summary>
    public const string Unlinked = "unlinked";

    /// <summary>The chain ends before the head a checkpoint recorded: its last rows were deleted.</summary>
    public const string Truncated = "truncated";

    /// <summary>The link a checkpoint recorded has another hash now: the chain was rewritten consistently since.</summary>
    public const string Rewritten = "rewritten";

    /// <summary>A decision's record does not match the event it produced (the event changed, or the record's link did).</summary>
    public const string EventMismatch = "event-mismatch";

    /// <summary>A decision covered a document version whose recorded SHA-256 is not in the project's chain of documents.</summary>
    public const string DocumentMismatch = "document-mismatch";

    /// <summary>No checkpoint has the hash an operator kept outside the database: the checkpoints themselves were rewritten.</summary>
    public const string AnchorNotFound = "anchor-not-found";

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        Missing => $"{Table}, chain {Chain}, link {Sequence} is missing (the chain goes on at a later link: a row was deleted).",
        Unlinked => $"{Table}, chain {Chain}, a row has no link (expected hash {ExpectedHash}).",
        OutOfOrder => $"{Table}, chain {Chain}, link {Sequence} is out of order.",
        Truncated => $"{Table}, chain {Chain} ends before link {Sequence}, which a checkpoint recorded with hash {ExpectedHash}: rows were deleted.",
        Rewritten => $"{Table}, chain {Chain}, link {Sequence} is not the one a checkpoint recorded: expected hash {ExpectedHash}, found {FoundHash} (the chain was rewritten).",
        EventMismatch => $"{Table}, chain {Chain}, link {Sequence}: the decision's event has hash {FoundHash ?? "(none: the event is gone)"}, the decision recorded {ExpectedHash}.",
        DocumentMismatch => $"{Table}, chain {Chain}, link {Sequence}: the decision covered {ExpectedHash}, which is not among the project's document versions.",
        AnchorNotFound => $"{Table}: no checkpoint has the hash {ExpectedHash} kept outside the database (the checkpoints were rewritten, or the hash is from another installation).",
        _ => $"{Table}, chain {Chain}, link {Sequence} was altered: expected hash {ExpectedHash}, found {FoundHash}.",
    };
}
