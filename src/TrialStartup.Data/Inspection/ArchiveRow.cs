namespace TrialStartup.Data.Inspection;

/// <summary>
/// One line of an archive's jsonl file: a link of a chain, with the canonical <paramref name="Parts"/> exactly as
/// <see cref="Chains.ChainHash"/> hashed them, so anyone can recompute <paramref name="Hash"/> from the previous line's.
/// </summary>
/// <param name="Table">Events, Audit, Decisions or Documents.</param>
/// <param name="Chain">The chain: an event stream's id, or a resource such as <c>site-project/{id}</c>.</param>
/// <param name="Sequence">1, 2, 3 … within the chain (an event's version).</param>
/// <param name="Parts">The row's canonical content; the first is the chain, the second the sequence.</param>
/// <param name="Hash">The row's link: SHA-256 of the previous link and the parts.</param>
/// <param name="File">For a document version whose file is included, its path in the archive.</param>
/// <param name="Fields">The same content under readable names, for people; not hashed, so never trusted by the verifier.</param>
public sealed record ArchiveRow(string Table, string Chain, long Sequence, IReadOnlyList<string> Parts, string Hash, string? File = null,
    IReadOnlyDictionary<string, string?>? Fields = null);
