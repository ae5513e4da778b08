namespace TrialStartup.Api.Hosting;

using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Data;
using TrialStartup.Data.Events;

/// <summary>
/// <c>audit verify</c>: walks every hash chain of the host's database and prints OK with the counts, or the first
/// broken link; exits 0 or 1. It reads only: it neither migrates nor links anything, so it shows the database as found.
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
        if (args is not ["verify", ..])
        {
            await Console.Error.WriteLineAsync("Usage: audit verify   (checks every hash chain of the database in the host's settings; exit code 0 when intact, 1 when not)")
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
        var report = await new EventChainVerifier(db).VerifyAsync().ConfigureAwait(false);
        await output.WriteLineAsync($"{report} ({watch.Elapsed.TotalSeconds:0.00} s)").ConfigureAwait(false);
        return report.IsIntact ? 0 : 1;
    }
}
