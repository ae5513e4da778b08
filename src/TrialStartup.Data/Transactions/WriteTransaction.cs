namespace TrialStartup.Data.Transactions;

using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

/// <summary>
/// A piece of work that is all or nothing (an institution with its first administrator, an invitation with its account):
/// a transaction of its own when the context has none, or a savepoint in the caller's transaction when it has one (a
/// request's unit of work that also commits the idempotency record). Either way <see cref="CommitAsync"/> keeps the work
/// and disposing without it undoes just this work; in a caller's transaction, kept work commits when the caller's does.
/// </summary>
public sealed class WriteTransaction : IAsyncDisposable
{
    private readonly IDbContextTransaction _transaction;
    private readonly string? _savepoint;
    private bool _kept;

    private WriteTransaction(IDbContextTransaction transaction, string? savepoint) => (_transaction, _savepoint) = (transaction, savepoint);

    /// <summary>Begins the work on <paramref name="database"/>.</summary>
    public static async Task<WriteTransaction> BeginAsync(DatabaseFacade database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (database.CurrentTransaction is { } outer)
        {
            var savepoint = "work_" + Guid.NewGuid().ToString("N")[..12];
            await outer.CreateSavepointAsync(savepoint, cancellationToken).ConfigureAwait(false);
            return new WriteTransaction(outer, savepoint);
        }

        return new WriteTransaction(await database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false), null);
    }

    /// <summary>Keeps the work: commits its own transaction, or leaves it to the caller's.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        if (_savepoint is null)
        {
            await _transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        _kept = true;
    }

    /// <summary>Ends the work: its own transaction rolls back unless committed; in a caller's, the work since the savepoint is undone unless kept.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_savepoint is null)
        {
            await _transaction.DisposeAsync().ConfigureAwait(false);
        }
        else if (!_kept)
        {
            await _transaction.RollbackToSavepointAsync(_savepoint).ConfigureAwait(false);
        }
    }
}
