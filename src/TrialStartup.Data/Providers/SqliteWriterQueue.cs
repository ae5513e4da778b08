namespace TrialStartup.Data.Providers;

using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

/// <summary>
/// Queues the embedded default's writers in the process instead of letting them collide in SQLite.
/// </summary>
/// <remarks>
/// SQLite lets one connection write at a time. Another connection's <c>BEGIN IMMEDIATE</c> (every EF transaction) or
/// write statement gets <c>SQLITE_BUSY</c>, and Microsoft.Data.Sqlite then sleeps 150 ms before it tries again. Under
/// load most of a request's time was spent asleep: at concurrency 8 the host used a third of the machine, the median
/// request took 9 ms and the 95th percentile 215 ms, one or two sleeps (benchmarks/README.md). Here a writer waits on a
/// semaphore instead and goes the moment the one before it commits, in arrival order, and readers (WAL mode) never wait.
/// <para>
/// A connection takes its turn when a transaction begins, or when it runs a write outside a transaction, and gives it
/// back when the transaction commits or rolls back (or fails to begin), when that statement is done, or at the latest
/// when the connection closes (EF closes the connection it opened for a transaction that is disposed unfinished).
/// The queue is per registration, so per database and process. Other processes on the same file (the CLI, a second
/// host) still meet SQLite's own busy handling, which stays correct, only slower.
/// </para>
/// <para>
/// A turn is never awaited longer than the connection's command timeout: a flow that holds one connection's turn and
/// then writes on another would otherwise wait for itself forever; it gets an error that says so instead, as it got
/// <c>SQLITE_BUSY</c> after the same time before.
/// </para>
/// </remarks>
internal sealed class SqliteWriterQueue : IDbTransactionInterceptor, IDbCommandInterceptor, IDbConnectionInterceptor
{
    private readonly SemaphoreSlim _turn = new(1, 1);

    // The connections holding the turn: at most one at a time, but looked up by connection.
    private readonly ConditionalWeakTable<DbConnection, object> _holders = [];

    private static readonly object Held = new();

    private readonly ConditionalWeakTable<DbTransaction, DbConnection> _transactions = [];

    // Transactions (EF begins one for every SaveChanges of more than one statement, and for every explicit unit of work).
    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result)
    {
        Take(connection);
        return result;
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection,
        TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        await TakeAsync(connection, cancellationToken).ConfigureAwait(false);
        return result;
    }

    // A finished transaction no longer knows its connection, so the connection is noted when the transaction begins.
    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        _transactions.AddOrUpdate(result, connection);
        return result;
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result,
        CancellationToken cancellationToken = default) => ValueTask.FromResult(TransactionStarted(connection, eventData, result));

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Ended(transaction);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(transaction);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Ended(transaction);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(transaction);
        return Task.CompletedTask;
    }

    // A failed commit or rollback leaves the transaction to its disposal, which closes the connection (below).
    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData)
    {
        if (eventData.Action == "Start" && transaction?.Connection is { } connection)
        {
            Give(connection);
        }
    }

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionFailed(transaction, eventData);
        return Task.CompletedTask;
    }

    // Writes outside a transaction: a single-statement SaveChanges, ExecuteUpdate, ExecuteDelete, raw SQL.
    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        TakeForStatement(command);
        return result;
    }

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await TakeForStatementAsync(command, cancellationToken).ConfigureAwait(false);
        return result;
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        GiveAfterStatement(command);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        GiveAfterStatement(command);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        TakeForStatement(command);
        return result;
    }

    public async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        await TakeForStatementAsync(command, cancellationToken).ConfigureAwait(false);
        return result;
    }

    public object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        GiveAfterStatement(command);
        return result;
    }

    public ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result,
        CancellationToken cancellationToken = default)
    {
        GiveAfterStatement(command);
        return ValueTask.FromResult(result);
    }

    // A write with RETURNING is a reader; its statement commits when the reader is done with it.
    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        TakeForStatement(command);
        return result;
    }

    public async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await TakeForStatementAsync(command, cancellationToken).ConfigureAwait(false);
        return result;
    }

    public InterceptionResult DataReaderClosing(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        GiveAfterStatement(command);
        return result;
    }

    public ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        GiveAfterStatement(command);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        GiveAfterStatement(command);
        return result;
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => GiveAfterStatement(command);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        GiveAfterStatement(command);
        return Task.CompletedTask;
    }

    public void CommandCanceled(DbCommand command, CommandEndEventData eventData) => GiveAfterStatement(command);

    public Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        GiveAfterStatement(command);
        return Task.CompletedTask;
    }

    // The last resort: a connection never keeps its turn past closing.
    public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Give(connection);

    public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Give(connection);
        return Task.CompletedTask;
    }

    /// <summary>Whether <paramref name="commandText"/> only reads: a SELECT (after any comment lines EF tags it with) or a PRAGMA query.</summary>
    internal static bool OnlyReads(string commandText)
    {
        var text = commandText.AsSpan().TrimStart();
        while (text.StartsWith("--", StringComparison.Ordinal))
        {
            var end = text.IndexOf('\n');
            text = end < 0 ? [] : text[(end + 1)..].TrimStart();
        }

        // Anything else counts as a write: taking a turn a read did not need costs a little time, missing one a sleep.
        return text.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase);
    }

    private void TakeForStatement(DbCommand command)
    {
        if (NeedsTurn(command))
        {
            Take(command.Connection!);
        }
    }

    private async Task TakeForStatementAsync(DbCommand command, CancellationToken cancellationToken)
    {
        if (NeedsTurn(command))
        {
            await TakeAsync(command.Connection!, cancellationToken).ConfigureAwait(false);
        }
    }

    // Inside a transaction the connection holds the turn already; a read needs none.
    private bool NeedsTurn(DbCommand command) =>
        command.Transaction is null && command.Connection is { } connection && !Holds(connection) && !OnlyReads(command.CommandText);

    private void GiveAfterStatement(DbCommand command)
    {
        if (command.Transaction is null && command.Connection is { } connection)
        {
            Give(connection);
        }
    }

    private void Ended(DbTransaction transaction)
    {
        if (_transactions.TryGetValue(transaction, out var connection))
        {
            _transactions.Remove(transaction);
            Give(connection);
        }
    }

    private bool Holds(DbConnection connection) => _holders.TryGetValue(connection, out _);

    private void Take(DbConnection connection)
    {
        if (!_turn.Wait(TurnTimeout(connection)))
        {
            throw TimedOut(connection);
        }

        _holders.AddOrUpdate(connection, Held);
    }

    private async Task TakeAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (!await _turn.WaitAsync(TurnTimeout(connection), cancellationToken).ConfigureAwait(false))
        {
            throw TimedOut(connection);
        }

        _holders.AddOrUpdate(connection, Held);
    }

    private void Give(DbConnection? connection)
    {
        if (connection is not null && _holders.Remove(connection))
        {
            _turn.Release();
        }
    }

    // The connection's command timeout (DefaultTimeout, 30 s unless configured): how long a busy database was retried before.
    private static TimeSpan TurnTimeout(DbConnection connection) =>
        TimeSpan.FromSeconds(connection is SqliteConnection { DefaultTimeout: > 0 and var seconds } ? seconds : 30);

    private static TimeoutException TimedOut(DbConnection connection) => new(
        $"waited {TurnTimeout(connection).TotalSeconds:0} s for SQLite's one writer at a time ({connection.DataSource}): another write kept it that long, " +
        "or this flow already holds a transaction on another connection to the same database");
}
