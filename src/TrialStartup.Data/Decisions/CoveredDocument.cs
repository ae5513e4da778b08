namespace TrialStartup.Data.Decisions;

/// <summary>One document version a decision covered: the latest of its kind when the decision was signed.</summary>
/// <param name="Kind">The document kind, such as <c>protocol</c>.</param>
/// <param name="Version">Its version number.</param>
/// <param name="Sha256">Lowercase hex SHA-256 of its content.</param>
public sealed record CoveredDocument(string Kind, int Version, string Sha256);
