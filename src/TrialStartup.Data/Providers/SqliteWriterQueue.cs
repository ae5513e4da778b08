namespace TrialStartup.Data.Providers;

using System.Data.Common;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;

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
/// The queue only ever makes a writer wait less than SQLite would have: after <see cref="QueueLimit"/> (or the
/// connection's command timeout, if shorter) a writer goes ahead without its turn, into SQLite's own busy handling as
/// before, and a warning names what held the turn. A flow that holds one connection's turn and then writes on another
/// would otherwise wait for itself; a writer kept waiting by a long transaction now fares as it did without the queue.
/// </para>
/// </remarks>
/// <param name="logger">Where a writer that went ahead without its turn is reported.</param>
internal sealed partial class SqliteWriterQueue(ILogger<SqliteWriterQueue>? logger = null)
    : IDbTransactionInterceptor, IDbCommandInterceptor, IDbConnectionInterceptor
{
    /// <summary>How long a writer waits for its turn before it goes ahead into SQLite's busy handling.</summary>
    internal static readonly TimeSpan QueueLimit = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _turn = new(1, 1);

    // The holder and its transaction, if it holds the turn for one (to notice a holder that finished unseen), and what
    // it is and since when (Stopwatch ticks), for the warning.
    private DbConnection? _holder;
    private DbTransaction? _holderTransaction;
    private string _heldBy = "";
    private long _heldSince;

    // How often a waiting writer looks whether the holder has finished unseen.
    private static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(250);

    // The connections holding the turn: at most one at a time, but looked up by connection.
    private readonly ConditionalWeakTable<DbConnection, object> _holders = [];

    private static readonly object Held = new();

    private readonly ConditionalWeakTable<DbTransaction, DbConnection> _transactions = [];

    // Transactions (EF begins one for every SaveChanges of more than one statement, and for every explicit unit of work).
    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result)
    {
        Take(connection, "a transaction");
        return result;
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection,
        TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        await TakeAsync(connection, "a transaction", cancellationToken).ConfigureAwait(false);
        return result;
    }

    // A finished transaction no longer knows its connection, so the connection is noted when the transaction begins.
    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        _transactions.AddOrUpdate(result, connection);
        if (ReferenceEquals(_holder, connection))
        {
            _holderTransaction = result;
        }

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
            Take(command.Connection!, Statement(command));
        }
    }

    private async Task TakeForStatementAsync(DbCommand command, CancellationToken cancellationToken)
    {
        if (NeedsTurn(command))
        {
            await TakeAsync(command.Connection!, Statement(command), cancellationToken).ConfigureAwait(false);
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

    private static string Statement(DbCommand command) =>
        "the statement " + (command.CommandText.Length > 80 ? command.CommandText[..80] + "…" : command.CommandText).ReplaceLineEndings(" ");

    private bool Holds(DbConnection connection) => _holders.TryGetValue(connection, out _);

    private void Take(DbConnection connection, string what)
    {
        var started = Stopwatch.GetTimestamp();
        while (!_turn.Wait(Slice))
        {
            if (!StillWaiting(connection, started))
            {
                WentAhead(connection, what);
                return;
            }
        }

        Taken(connection, what);
    }

    private async Task TakeAsync(DbConnection connection, string what, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (!await _turn.WaitAsync(Slice, cancellationToken).ConfigureAwait(false))
        {
            if (!StillWaiting(connection, started))
            {
                WentAhead(connection, what);
                return;
            }
        }

        Taken(connection, what);
    }

    // Between slices of a wait: gives back a turn whose holder is finished without EF saying so (a transaction disposed
    // unfinished whose connection stays open, a connection closed behind EF's back), then says whether to wait on.
    private bool StillWaiting(DbConnection waiter, long started)
    {
        if (_holder is { } holder && (holder.State != System.Data.ConnectionState.Open || _holderTransaction is { Connection: null }))
        {
            Give(holder);
        }

        return Stopwatch.GetElapsedTime(started) < Limit(waiter);
    }

    private void Taken(DbConnection connection, string what)
    {
        _holders.AddOrUpdate(connection, Held);
        (_holder, _holderTransaction, _heldBy, _heldSince) = (connection, null, what, Stopwatch.GetTimestamp());
    }

    private void WentAhead(DbConnection connection, string what)
    {
        if (logger is not null)
        {
            LogWentAhead(logger, Limit(connection).TotalSeconds, what, connection.DataSource, _heldBy,
                Stopwatch.GetElapsedTime(_heldSince).TotalSeconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SQLite writer queue: after waiting {Seconds:0.#} s, {What} on {Database} went ahead " +
        "without its turn (into SQLite's busy handling); the turn was held by {HeldBy} for {HeldSeconds:0.#} s")]
    private static partial void LogWentAhead(ILogger logger, double seconds, string what, string database, string heldBy, double heldSeconds);

    private void Give(DbConnection? connection)
    {
        if (connection is not null && _holders.Remove(connection))
        {
            (_holder, _holderTransaction) = (null, null);
            _turn.Release();
        }
    }

    // The queue limit, or the connection's command timeout (DefaultTimeout, 30 s unless configured) when it is shorter.
    private static TimeSpan Limit(DbConnection connection) =>
        connection is SqliteConnection { DefaultTimeout: > 0 and var seconds } && TimeSpan.FromSeconds(seconds) < QueueLimit
            ? TimeSpan.FromSeconds(seconds)
            : QueueLimit;
}
