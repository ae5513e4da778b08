namespace TrialStartup.Data.Inspection;

/// <summary>
/// Where the verifier finds a column among a row's hashed parts. It reads the parts, never the readable fields beside
/// them, since only the parts are covered by the chain; a test holds these positions to the rows' ChainParts.
/// </summary>
internal static class ArchivePartPositions
{
    /// <summary>Every row's first part is its chain, the second its sequence.</summary>
    public const int Chain = 0;

    /// <inheritdoc cref="Chain"/>
    public const int Sequence = 1;

    /// <summary>A decision's workflow instance: the event stream its EventVersion is in.</summary>
    public const int DecisionStream = 3;

    /// <summary>The JSON array of the document versions a decision covered (kind, version, sha256).</summary>
    public const int DecisionCoveredDocuments = 15;

    /// <summary>The version of the event a decision produced.</summary>
    public const int DecisionEventVersion = 16;

    /// <summary>That event's hash.</summary>
    public const int DecisionEventHash = 17;

    /// <summary>A document version's kind.</summary>
    public const int DocumentKind = 3;

    /// <summary>A document version's version number.</summary>
    public const int DocumentVersion = 4;

    /// <summary>A document version's size in bytes.</summary>
    public const int DocumentSize = 8;

    /// <summary>A document version's SHA-256.</summary>
    public const int DocumentSha256 = 9;
}
