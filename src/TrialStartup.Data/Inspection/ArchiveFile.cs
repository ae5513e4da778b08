namespace TrialStartup.Data.Inspection;

/// <summary>One file of an archive as its manifest lists it.</summary>
/// <param name="Path">Its path in the zip.</param>
/// <param name="Size">Its length in bytes.</param>
/// <param name="Sha256">Lowercase hex SHA-256 of its bytes.</param>
public sealed record ArchiveFile(string Path, long Size, string Sha256);
