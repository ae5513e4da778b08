namespace TrialStartup.Api.Inspection;

using System.IO.Compression;
using TrialStartup.Data.Inspection;

/// <summary><c>audit verify --archive &lt;file.zip&gt;</c>: checks an inspection archive offline and prints one line; exits 0 or 1.</summary>
public static class ArchiveVerifyCommand
{
    /// <summary>Verifies the archive at <paramref name="path"/>, printing the report to <paramref name="output"/>; returns the exit code.</summary>
    public static async Task<int> RunAsync(string path, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
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
