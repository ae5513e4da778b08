namespace TrialStartup.Api.Dossier.Storage;

using Microsoft.EntityFrameworkCore;
using TrialStartup.Data;
using TrialStartup.Data.Leases;

/// <summary>
/// Removes what an upload leaves when its process dies mid-way: a staged file (<c>.part</c>) that was never stored, and
/// a stored file whose row never committed. Both are left alone for <see cref="GracePeriod"/>, far longer than any
/// upload takes between storing its file and saving its row, so a sweep never takes a file from an upload in progress.
/// </summary>
/// <remarks>
/// Every host sweeps its own staging folder (it is local). The store is shared by every Api replica, so its sweep runs
/// on one replica at a time, under a lease in the database.
/// </remarks>
public sealed partial class DocumentSweep(IDocumentStore store, IServiceScopeFactory scopes, TimeProvider clock, ILogger<DocumentSweep> logger)
{
    /// <summary>How old a staged or unrecorded file must be before it is removed.</summary>
    public static readonly TimeSpan GracePeriod = TimeSpan.FromHours(1);

    private const string LeaseName = "document-sweep";

    // Rows are looked up by the names of this many listed files at a time.
    private const int Batch = 500;

    /// <summary>Sweeps once; what was removed (nothing of the store when another replica holds the lease).</summary>
    public Task<SweepResult> SweepAsync(CancellationToken cancellationToken) => SweepAsync(GracePeriod, cancellationToken);

    /// <summary>Sweeps once, removing what is older than <paramref name="gracePeriod"/>.</summary>
    public async Task<SweepResult> SweepAsync(TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        // Files carry the real time they were written, so their age is measured on the real clock, not on the host's
        // (which a rehearsal may run ahead: TrialStartup:ClockShift).
        var cutoff = DateTimeOffset.UtcNow - gracePeriod;
        var staged = SweepStaging(cutoff);

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
        var leases = new LeaseStore(db);
        var holder = LeaseStore.NewHolder();
        if (!await leases.TryAcquireAsync(LeaseName, holder, clock.GetUtcNow(), TimeSpan.FromMinutes(30), cancellationToken).ConfigureAwait(false))
        {
            return new SweepResult(staged, 0, 0);
        }

        try
        {
            var (listed, unrecorded) = (0, 0);
            var candidates = new List<StoredFile>(Batch);
            await foreach (var file in store.ListAsync(cancellationToken).ConfigureAwait(false))
            {
                listed++;
                if (file.StoredAt < cutoff)
                {
                    candidates.Add(file);
                }

                if (candidates.Count == Batch)
                {
                    unrecorded += await RemoveUnrecordedAsync(db, candidates, cancellationToken).ConfigureAwait(false);
                    candidates.Clear();
                }
            }

            unrecorded += await RemoveUnrecordedAsync(db, candidates, cancellationToken).ConfigureAwait(false);
            return new SweepResult(staged, listed, unrecorded);
        }
        finally
        {
            await leases.ReleaseAsync(LeaseName, holder, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private int SweepStaging(DateTimeOffset cutoff)
    {
        if (!Directory.Exists(store.StagingFolder))
        {
            return 0;
        }

        var removed = 0;
        foreach (var file in new DirectoryInfo(store.StagingFolder).EnumerateFiles("*.part"))
        {
            if (file.LastWriteTimeUtc < cutoff)
            {
                file.Delete();
                LogRemoved(logger, "staged upload", file.Name, file.LastWriteTimeUtc);
                removed++;
            }
        }

        return removed;
    }

    private async Task<int> RemoveUnrecordedAsync(TrialStartupDbContext db, List<StoredFile> files, CancellationToken cancellationToken)
    {
        if (files.Count == 0)
        {
            return 0;
        }

        var names = files.Select(f => f.Name).ToList();
        var recorded = (await db.Documents.AsNoTracking().Where(d => names.Contains(d.StoredName)).Select(d => d.StoredName)
            .ToListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        var removed = 0;
        foreach (var file in files.Where(f => !recorded.Contains(f.Name)))
        {
            await store.DeleteAsync(file.Name, cancellationToken).ConfigureAwait(false);
            LogRemoved(logger, "stored file without a row", file.Name, file.StoredAt);
            removed++;
        }

        return removed;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Document sweep: removed a {What}, {Name}, written at {WrittenAt:O} by an upload that never finished")]
    private static partial void LogRemoved(ILogger logger, string what, string name, DateTimeOffset writtenAt);
}

/// <summary>What a sweep removed.</summary>
/// <param name="StagedRemoved">Staged uploads of this host removed.</param>
/// <param name="StoredListed">Files the store listed (0 when another replica was sweeping it).</param>
/// <param name="UnrecordedRemoved">Stored files without a row removed.</param>
public sealed record SweepResult(int StagedRemoved, int StoredListed, int UnrecordedRemoved);

/// <summary>Runs <see cref="DocumentSweep"/> a minute after start and then every hour.</summary>
internal sealed partial class DocumentSweepService(DocumentSweep sweep, ILogger<DocumentSweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMinutes(1), stoppingToken).ConfigureAwait(false);
            using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
            do
            {
                try
                {
                    await sweep.SweepAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The next hour tries again; the files wait, harmlessly.
                    LogFailed(logger, e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Document sweep failed; it runs again within the hour")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
