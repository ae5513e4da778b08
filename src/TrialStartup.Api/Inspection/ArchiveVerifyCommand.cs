namespace TrialStartup.Api.Inspection;

using System.IO.Compression;
using TrialStartup.Data.Inspection;

/// <summary><c>audit verify --archive &lt;file.zip&gt;</c>: checks an inspection archive offline and prints one line; exits 0 or 1.</summary>
public static class ArchiveVerifyCommand
{
    /// <summary>
    /// Verifies the archive at <paramref name="path"/>, printing the report to <paramref name="output"/>; returns the exit
    /// code: 0 intact, 1 not (or unreadable), 2 when no path was given.
    /// </summary>
    public static async Task<int> RunAsync(string? path, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (string.IsNullOrWhiteSpace(path))
        {
            await Console.Error.WriteLineAsync("Usage: audit verify --archive <file.zip>   (checks an inspection archive offline; exit code 0 when intact, 1 when not)")
                .ConfigureAwait(false);
            return 2;
        }

        if (!File.Exists(path))
        {
            await output.WriteLineAsync($"BROKEN: {path}: no such file").ConfigureAwait(false);
            return 1;
        }

        ArchiveReport report;
        try
        {
            report = ArchiveVerifier.VerifyFile(path);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            await output.WriteLineAsync($"BROKEN: {path}: cannot be read ({e.Message})").ConfigureAwait(false);
            return 1;
        }

        await output.WriteLineAsync($"{report} ({path})").ConfigureAwait(false);
        return report.IsIntact ? 0 : 1;
    }
}
