namespace TrialStartup.Data.Inspection;

/// <summary>A workflow definition or calendar a project ran on, named by the content hash its events recorded.</summary>
/// <param name="Id">The definition's or calendar's id.</param>
/// <param name="Version">The definition's version; null for a calendar (calendars are versioned by their hash alone).</param>
/// <param name="Sha256">The content hash the events recorded: SHA-256 of the file's text with <c>\n</c> line endings.</param>
/// <param name="Path">
/// Its file in the archive, whose bytes hash to <paramref name="Sha256"/>; null when the installation no longer holds that
/// version (a calendar file is edited in place when a year's holidays are announced), so it is named but not included.
/// </param>
public sealed record ArchiveSourceFile(string Id, int? Version, string Sha256, string? Path);
