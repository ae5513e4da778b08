namespace TrialStartup.Api.Hosting;

using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Data;
using TrialStartup.Data.Chains;

/// <summary>
/// <c>audit verify [--anchor HASH]</c>: walks every hash chain of the host's database (events, audit trails, decisions,
/// document versions, checkpoints) and prints OK with the counts, or the first broken link; exits 0 or 1. With
/// <c>--anchor</c>, a checkpoint's hash kept outside the database, it also checks that the checkpoints still hold it. It
/// reads only: it neither migrates nor links anything, so it shows the database as found.
/// </summary>
public static class AuditVerifyCommand
{
    /// <summary>Runs the command with <paramref name="args"/> (those after <c>audit</c>); returns the exit code.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        if (args is ["verify", "--archive", ..])
        {
            return await Inspection.ArchiveVerifyCommand.RunAsync(args.ElementAtOrDefault(2), output).ConfigureAwait(false); // offline: no database
        }

        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(output);
        string? anchor = null;
        if (args is not (["verify"] or ["verify", "--anchor", _]) || args is [_, _, var given] && !ChainHash.IsWellFormed(anchor = given))
        {
            await Console.Error.WriteLineAsync(
                "Usage: audit verify [--anchor HASH]   (checks every hash chain of the database in the host's settings; with --anchor, a checkpoint's hash of 64 lowercase hex characters kept outside the database, also that the checkpoints still hold it; exit code 0 when intact, 1 when not)")
                .ConfigureAwait(false);
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
        if ((await db.Database.GetPendingMigrationsAsync().ConfigureAwait(false)).ToList() is { Count: > 0 } pending)
        {
            await Console.Error.WriteLineAsync(
                $"The database is not up to date ({pending.Count} migrations pending, the last {pending[^1]}): start the host once, which migrates it and links the events written before the chains, then verify.")
                .ConfigureAwait(false);
            return 1;
        }

        var watch = Stopwatch.StartNew();
        var report = await new ChainVerifier(db).VerifyAsync(anchor).ConfigureAwait(false);
        await output.WriteLineAsync($"{report} ({watch.Elapsed.TotalSeconds:0.00} s)").ConfigureAwait(false);
        return report.IsIntact ? 0 : 1;
    }
}
