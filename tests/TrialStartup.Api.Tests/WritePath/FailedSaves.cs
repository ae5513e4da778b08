namespace TrialStartup.Api.Tests.WritePath;

using Microsoft.EntityFrameworkCore.Diagnostics;

/// <summary>Counts the host's SaveChanges that failed (a lost race is one: the (stream, version) key refused it).</summary>
internal sealed class FailedSaves : SaveChangesInterceptor
{
    private int count;

    public int Count => Volatile.Read(ref count);

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Interlocked.Increment(ref count);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref count);
        return Task.CompletedTask;
    }
}
