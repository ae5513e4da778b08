namespace TrialStartup.Data.Transactions;

using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

/// <summary>
/// Runs what must wait for a commit: a process cache taking in what a command wrote, the outbox dispatcher woken for its
/// messages. Such work must never see rows that may still roll back, and a write that is part of a larger transaction (a
/// request's unit of work, a consumer's receipt) is committed only when that transaction is. Registered on every context
/// (<see cref="Providers.DataServiceCollectionExtensions"/>); see <see cref="TrialStartupDbContext.AfterCommit"/>.
/// </summary>
internal sealed class AfterCommitInterceptor : DbTransactionInterceptor
{
    public static readonly AfterCommitInterceptor Instance = new();

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        Ended(eventData, committed: true);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Ended(eventData, committed: true);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) =>
        Ended(eventData, committed: false);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Ended(eventData, committed: false);
        return Task.CompletedTask;
    }

    private static void Ended(TransactionEndEventData eventData, bool committed) =>
        (eventData.Context as TrialStartupDbContext)?.TransactionEnded(eventData.TransactionId, committed);
}
