namespace TrialStartup.Api.Idempotency;

using System.Collections.Concurrent;
using System.Data.Common;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using TrialStartup.Data;
using TrialStartup.Data.Idempotency;

/// <summary>
/// SQLite: the answers of keyed requests that have run, kept in the process until they are written, and written
/// several to a transaction. A retry finds its answer here first (<see cref="Find"/>), so it is answered the same before
/// and after the write.
/// </summary>
/// <remarks>
/// SQLite has one writer at a time. Written one by one after each endpoint's commit, the answers took a writer's turn
/// per keyed request, and a host that stored none did a fifth more requests/s (benchmarks/README.md, "The answer in the
/// endpoint's commit"). Here a batch waits <see cref="Gathering"/> after its first answer, then goes in one transaction:
/// 9 % more requests/s ("Answers written in batches").
/// <para>
/// What this gives up: a process that dies stores none of the answers it still holds, so a retry of one of those
/// requests runs again (at least once). That was already so for a process dying between a request's commit and its
/// answer's; the window is now <see cref="Gathering"/> longer. A host that stops writes what it holds first, and an
/// answer kept after that is written at once (<see cref="KeepAsync"/>).
/// </para>
/// An answer that cannot be stored is logged, whichever way it goes: its command has committed all the same, its caller
/// had the answer, and a retry runs again.
/// The answers are looked up by caller and key; <see cref="KeysInFlight"/> makes sure one request at a time per key
/// looks, runs and keeps.
/// </remarks>
/// <param name="scopes">Where the writer gets a database context.</param>
/// <param name="logger">Where answers that could not be written are reported.</param>
public sealed partial class UnwrittenAnswers(IServiceScopeFactory scopes, ILogger<UnwrittenAnswers> logger) : BackgroundService
{
    /// <summary>How long a batch gathers answers after its first before it is written.</summary>
    public TimeSpan Gathering { get; init; } = TimeSpan.FromMilliseconds(20);

    // Bounds a transaction when the writer has fallen behind; the rest go in the next one straight after.
    private const int MostPerTransaction = 500;

    private readonly ConcurrentDictionary<string, IdempotencyRecord> _held = new(StringComparer.Ordinal);

    // Answers to write, and flushes waiting for the answers ahead of them, in the order they came.
    private readonly Channel<(IdempotencyRecord? Answer, TaskCompletionSource? Flushed)> _queue =
        Channel.CreateUnbounded<(IdempotencyRecord?, TaskCompletionSource?)>(new UnboundedChannelOptions { SingleReader = true });

    // Completed by a flush so that the batch it waits for is written now rather than after the gathering.
    private TaskCompletionSource _hurry = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The answer kept for <paramref name="key"/> of <paramref name="principal"/> and not written yet, if any.</summary>
    public IdempotencyRecord? Find(string principal, string key) => _held.GetValueOrDefault(KeysInFlight.NameOf(principal, key));

    /// <summary>
    /// Keeps <paramref name="answer"/> until its batch is written. Once the writer has stopped (the host is stopping), it
    /// is written at once instead, as one statement on <paramref name="db"/>, the request's own context.
    /// </summary>
    public async Task KeepAsync(TrialStartupDbContext db, IdempotencyRecord answer)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(answer);
        var name = KeysInFlight.NameOf(answer.Principal, answer.Key);
        _held[name] = answer;
        if (_queue.Writer.TryWrite((answer, null)))
        {
            return;
        }

        _held.TryRemove(KeyValuePair.Create(name, answer));
        await StoreAsync(db, [answer]).ConfigureAwait(false);
    }

    /// <summary>Returns once every answer kept before the call has been written (or failed to be).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        if (_held.IsEmpty)
        {
            return; // an answer leaves only once written
        }

        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((null, flushed)))
        {
            return; // stopped: the writer has written all it held
        }

        Volatile.Read(ref _hurry).TrySetResult();
        await flushed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                var hurry = Volatile.Read(ref _hurry);
                await Task.WhenAny(Task.Delay(Gathering, stoppingToken), hurry.Task).ConfigureAwait(false);
                stoppingToken.ThrowIfCancellationRequested();
                if (hurry.Task.IsCompleted)
                {
                    // Before taking the batch: a flush that comes after it hurries the next one.
                    Volatile.Write(ref _hurry, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                }

                await WriteWaitingAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping: write what is held, below.
        }

        _queue.Writer.TryComplete();
        await WriteWaitingAsync().ConfigureAwait(false);
    }

    // Writes everything queued now, in transactions of at most MostPerTransaction answers, then lets the flushes go.
    private async Task WriteWaitingAsync()
    {
        var answers = new List<IdempotencyRecord>();
        var flushes = new List<TaskCompletionSource>();
        while (_queue.Reader.TryRead(out var item))
        {
            if (item.Answer is not null)
            {
                answers.Add(item.Answer);
            }
            else
            {
                flushes.Add(item.Flushed!);
            }

            if (answers.Count == MostPerTransaction)
            {
                await WriteAsync(answers).ConfigureAwait(false);
                answers.Clear();
            }
        }

        if (answers.Count > 0)
        {
            await WriteAsync(answers).ConfigureAwait(false);
        }

        flushes.ForEach(f => f.TrySetResult());
    }

    // A batch, on a context of the writer's own.
    private async Task WriteAsync(List<IdempotencyRecord> answers)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await StoreAsync(scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>(), answers).ConfigureAwait(false);
        }
        finally
        {
            // Only now: until the commit a retry must find the answer here, and after it finds it in the database.
            answers.ForEach(a => _held.TryRemove(KeyValuePair.Create(KeysInFlight.NameOf(a.Principal, a.Key), a)));
        }
    }

    // Inserts the answers, several in one transaction, one as a statement of its own. SQL rather than a save, so that
    // nothing else tracked on the context (the endpoint's, for a request's own answer) is saved with them. An answer whose
    // key holds one already (another process on the same file) is not stored; a failed transaction stores none.
    private async Task StoreAsync(TrialStartupDbContext db, IReadOnlyList<IdempotencyRecord> answers)
    {
        try
        {
            await using var transaction = answers.Count > 1
                ? await db.Database.BeginTransactionAsync(CancellationToken.None).ConfigureAwait(false)
                : null;
            var held = new List<IdempotencyRecord>();
            foreach (var answer in answers)
            {
                if (!await IdempotencyFilter.InsertUnlessHeldAsync(db, answer, CancellationToken.None).ConfigureAwait(false))
                {
                    held.Add(answer);
                }
            }

            if (transaction is not null)
            {
                await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            }

            held.ForEach(a => LogNotStored(logger, null, a.Key, a.Principal));
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            foreach (var answer in answers)
            {
                LogNotStored(logger, e, answer.Key, answer.Principal);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Idempotency-Key {Key} of {Principal}: the answer could not be stored")]
    private static partial void LogNotStored(ILogger logger, Exception? exception, string key, string principal);
}
