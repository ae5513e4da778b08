namespace TrialStartup.Api.Tests.WritePath;

using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TrialStartup.Data;
using TrialStartup.Data.Leases;
using TrialStartup.Data.Providers;

/// <summary>
/// The embedded default's writers queue in the process (<see cref="SqliteWriterQueue"/>) instead of meeting a busy
/// SQLite database: a writer waits for the one before it, readers never wait, and every way a turn can end gives it back.
/// What the queue is for, time not slept, is measured by the load program (benchmarks/README.md), not here.
/// </summary>
public sealed class SqliteWriterQueueTests : IAsyncLifetime, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("writer-queue-").FullName;
    private readonly ServiceProvider _services;
    private readonly ListedLogs _logs = new();

    public SqliteWriterQueueTests()
    {
        _services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(_logs))
            .AddTrialStartupDatabase(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(_folder, "queue.db")};Pooling=False")
            .BuildServiceProvider();
    }

    public async Task InitializeAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>().Database.MigrateAsync();
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task AWriter_WaitsForTheTransactionBeforeIt_WhileAReaderDoesNot()
    {
        await using var first = Context(out var firstDb);
        await using var second = Context(out var secondDb);
        await using var reader = Context(out var readerDb);
        await using var transaction = await firstDb.Database.BeginTransactionAsync();
        firstDb.Leases.Add(new Lease("first", "a", DateTimeOffset.UnixEpoch));
        await firstDb.SaveChangesAsync();

        secondDb.Leases.Add(new Lease("second", "b", DateTimeOffset.UnixEpoch));
        var secondWrite = secondDb.SaveChangesAsync();

        // A reader sees the committed state at once (WAL), without the first's uncommitted row.
        Assert.Equal(0, await readerDb.Leases.CountAsync());
        await Task.Delay(300);
        Assert.False(secondWrite.IsCompleted, "the second writer went ahead while the first's transaction was open");

        await transaction.CommitAsync();
        Assert.Equal(1, await secondWrite);
        Assert.Equal(["first", "second"], await readerDb.Leases.OrderBy(l => l.Name).Select(l => l.Name).ToListAsync());
    }

    [Fact]
    public async Task AWriterKeptWaitingPastTheLimit_GoesAheadIntoSqlitesBusyHandling_AndAWarningNamesWhatHeldTheTurn()
    {
        await using var first = Context(out var firstDb);
        await using var second = Context(out var secondDb, timeoutSeconds: 1);
        await using var transaction = await firstDb.Database.BeginTransactionAsync();
        firstDb.Leases.Add(new Lease("held", "a", DateTimeOffset.UnixEpoch));
        await firstDb.SaveChangesAsync();

        // A flow that holds a transaction and writes on another connection: the queue would wait for itself. After the
        // limit (here the connection's 1 s timeout) the writer goes ahead and meets SQLite's lock, as without the queue.
        secondDb.Leases.Add(new Lease("blocked", "b", DateTimeOffset.UnixEpoch));
        var failure = await Assert.ThrowsAsync<DbUpdateException>(() => secondDb.SaveChangesAsync());

        Assert.Equal(5, Assert.IsType<SqliteException>(failure.InnerException).SqliteErrorCode); // SQLITE_BUSY
        var warning = Assert.Single(_logs.Messages, m => m.Contains("went ahead without its turn", StringComparison.Ordinal));
        Assert.Contains("held by a transaction", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATransactionDisposedUnfinished_GivesTheTurnBack()
    {
        await using (var first = Context(out var firstDb))
        {
            await using var transaction = await firstDb.Database.BeginTransactionAsync();
            firstDb.Leases.Add(new Lease("abandoned", "a", DateTimeOffset.UnixEpoch));
            await firstDb.SaveChangesAsync();
        }

        await using var next = Context(out var nextDb, timeoutSeconds: 1);
        nextDb.Leases.Add(new Lease("next", "b", DateTimeOffset.UnixEpoch));
        await nextDb.SaveChangesAsync();

        Assert.Equal(["next"], await nextDb.Leases.Select(l => l.Name).ToListAsync());
    }

    [Fact]
    public async Task ATransactionDisposedUnfinished_OnAContextThatLivesOn_GivesTheTurnBackToTheNextWriter()
    {
        // A long-lived context (a background service's) whose transaction is disposed on an error path, uncommitted.
        await using var longLived = Context(out var longLivedDb);
        await longLivedDb.Database.OpenConnectionAsync();
        await using (var transaction = await longLivedDb.Database.BeginTransactionAsync())
        {
            longLivedDb.Leases.Add(new Lease("abandoned", "a", DateTimeOffset.UnixEpoch));
            await longLivedDb.SaveChangesAsync();
        }

        await using var next = Context(out var nextDb, timeoutSeconds: 3);
        nextDb.Leases.Add(new Lease("next", "b", DateTimeOffset.UnixEpoch));
        await nextDb.SaveChangesAsync();

        Assert.Equal(["next"], await nextDb.Leases.Select(l => l.Name).ToListAsync());
        Assert.DoesNotContain(_logs.Messages, m => m.Contains("went ahead", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFailedWriteOutsideATransaction_GivesTheTurnBack()
    {
        await using (var setup = Context(out var setupDb))
        {
            setupDb.Leases.Add(new Lease("taken", "a", DateTimeOffset.UnixEpoch));
            await setupDb.SaveChangesAsync();
        }

        await using (var duplicate = Context(out var duplicateDb))
        {
            // One statement, so no transaction: the primary key refuses it in SQLite.
            duplicateDb.Leases.Add(new Lease("taken", "b", DateTimeOffset.UnixEpoch));
            await Assert.ThrowsAsync<DbUpdateException>(() => duplicateDb.SaveChangesAsync());
        }

        await using var next = Context(out var nextDb, timeoutSeconds: 1);
        Assert.Equal(1, await nextDb.Leases.Where(l => l.Name == "taken").ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, "c")));
        nextDb.Leases.Add(new Lease("after", "c", DateTimeOffset.UnixEpoch));
        await nextDb.SaveChangesAsync();
    }

    [Theory]
    [InlineData("SELECT 1", true)]
    [InlineData("  select \"Name\" FROM \"Leases\"", true)]
    [InlineData("-- the outbox dispatcher\nSELECT 1", true)]
    [InlineData("INSERT INTO \"Leases\" VALUES (1)", false)]
    [InlineData("UPDATE \"Leases\" SET \"Holder\" = 'x'", false)]
    [InlineData("DELETE FROM \"Leases\"", false)]
    [InlineData("PRAGMA journal_mode = 'wal';", false)]
    [InlineData("-- only a comment", false)]
    public void OnlyASelectCountsAsARead(string commandText, bool onlyReads) =>
        Assert.Equal(onlyReads, SqliteWriterQueue.OnlyReads(commandText));

    /// <summary>Every message logged, in order.</summary>
    private sealed class ListedLogs : ILoggerProvider
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _messages = new();

        public IEnumerable<string> Messages => _messages;

        public ILogger CreateLogger(string categoryName) => new Listed(_messages);

        public void Dispose()
        {
        }

        private sealed class Listed(System.Collections.Concurrent.ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue(formatter(state, exception));
        }
    }

    private AsyncServiceScope Context(out TrialStartupDbContext db, int? timeoutSeconds = null)
    {
        var scope = _services.CreateAsyncScope();
        db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
        if (timeoutSeconds is { } seconds)
        {
            ((SqliteConnection)db.Database.GetDbConnection()).DefaultTimeout = seconds;
        }

        return scope;
    }
}
