namespace TrialStartup.Api.Tests.WritePath;

using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.Reviews;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// A command with an <c>Idempotency-Key</c> commits once: the key's claim, the command's events, read models, outbox
/// rows and audit entry, the deadline jobs it arms and the answer kept for a retry all go in one transaction. Counted
/// on the database connection per HTTP request (background work such as the outbox dispatcher is told apart because it
/// runs outside any request). SQLite, which has one writer at a time, claims keys in the process and stores the answer
/// after the endpoint's commit instead (see <c>IdempotencyFilter</c>), so this is a PostgreSQL test. The same decision also
/// shows two costs of the write path that once were higher: its round trips (no savepoint commands) and its passes of
/// change detection.
/// </summary>
public sealed class OneCommitTests
{
    [Theory]
    [PostgresData]
    public async Task AKeyedDecision_IsOneCommit_WithNoWriteOutsideIt(string database)
    {
        var counter = new WriteCounter();
        await using var api = new ObservedApiFactory(database, new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero),
            services: services =>
            {
                services.AddHttpContextAccessor();
                HostInterceptors.Add(services, database, counter);
            });
        var project = await Reviewing.InParallelReviewAsync(api, DemoIds.Shanghai);
        var client = api.ClientFor(DemoIds.Shanghai, Roles.EthicsCommittee);

        // Ethics approves last of the three, so the join opens contract signing and arms its deadlines' jobs too.
        await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.ApprovalOffice, "institutional-approval", "approve");
        await Reviewing.DecideAsync(api, project, DemoIds.Shanghai, Roles.ContractOffice, "contract-review", "agreed");
        var version = await Reviewing.VersionAsync(api, project, DemoIds.Shanghai);
        using var roundTrips = new NpgsqlRoundTrips(counter.InRequest);
        using var detections = new ChangeDetections(counter.InRequest);
        counter.Start($"/api/v1/site-projects/{project}/decisions");
        using var request = new HttpRequestMessage(HttpMethod.Post, Reviewing.DecisionsOf(project))
        {
            Content = JsonContent.Create(Reviewing.Body("ethics-review", "approve", version, reviewType: "full-board")),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var response = await client.SendAsync(request);
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        var (commits, autocommittedWrites, statements) = counter.Stop();
        var sent = roundTrips.Stop();
        var detected = detections.Stop();

        Assert.Contains("contract-signing", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(commits == 1 && autocommittedWrites.Count == 0,
            $"{commits} commits and {autocommittedWrites.Count} writes outside them ({string.Join(" | ", autocommittedWrites)}) of {statements} statements");

        // The savepoint EF Core sets around the save goes out with the save's own batch (PostgresSavepointsTransactionFactory):
        // no command of its own to set it, and none to release it. So every round trip is one of EF's commands (which the
        // counter sees); EF's own savepoint commands bypass its interceptors, and were two more round trips per save.
        Assert.DoesNotContain(sent, text => text.StartsWith("SAVEPOINT", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("RELEASE", StringComparison.OrdinalIgnoreCase));
        Assert.True(sent.Count == statements, $"{sent.Count} round trips for {statements} commands: {string.Join(" | ", sent)}");

        // Change detection walks every tracked row. The decision detects when its append notes what was staged before it
        // (to undo only its own rows after a lost race) and when it saves; its look-ups of staged rows do not (TrackedRows).
        Assert.True(detected == 2, $"{detected} passes of change detection");
    }

    /// <summary>Counts, for one request path, committed transactions and write statements that ran outside any transaction.</summary>
    private sealed class WriteCounter : DbCommandInterceptor, IDbTransactionInterceptor
    {
        private readonly ConcurrentQueue<string> _autocommitted = new();
        private string? _path;
        private int _commits;
        private int _statements;

        public void Start(string path) => Volatile.Write(ref _path, path);

        public (int Commits, IReadOnlyList<string> AutocommittedWrites, int Statements) Stop()
        {
            Volatile.Write(ref _path, null);
            return (_commits, [.. _autocommitted], _statements);
        }

        public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
        {
            Count(command);
            return result;
        }

        public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
            CancellationToken cancellationToken = default)
        {
            Count(command);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
            CancellationToken cancellationToken = default)
        {
            Count(command);
            return ValueTask.FromResult(result);
        }

        public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
        {
            Count(command);
            return result;
        }

        public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result,
            CancellationToken cancellationToken = default)
        {
            Count(command);
            return ValueTask.FromResult(result);
        }

        public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (InRequest())
            {
                Interlocked.Increment(ref _commits);
            }

            return Task.CompletedTask;
        }

        public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
        {
            if (InRequest())
            {
                Interlocked.Increment(ref _commits);
            }
        }

        private void Count(DbCommand command)
        {
            if (!InRequest())
            {
                return;
            }

            Interlocked.Increment(ref _statements);
            var text = command.CommandText.TrimStart();
            if (command.Transaction is null && !text.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
            {
                _autocommitted.Enqueue(text.Length > 80 ? text[..80] : text);
            }
        }

        /// <summary>Whether the current flow serves the request the test sent: the host's accessor knows it.</summary>
        public bool InRequest() =>
            Volatile.Read(ref _path) is { } path && new HttpContextAccessor().HttpContext?.Request is { } request
            && request.Method == "POST" && request.Path == path;
    }

    /// <summary>Counts EF Core's passes of change detection over the whole context (its DetectChangesStarting event) in one request.</summary>
    private sealed class ChangeDetections : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly Func<bool> _inRequest;
        private readonly IDisposable _subscription;
        private readonly List<IDisposable> _listeners = [];
        private int _count;
        private volatile bool _stopped;

        public ChangeDetections(Func<bool> inRequest)
        {
            _inRequest = inRequest;
            _subscription = DiagnosticListener.AllListeners.Subscribe(this);
        }

        public int Stop()
        {
            _stopped = true;
            return Volatile.Read(ref _count);
        }

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == DbLoggerCategory.Name)
            {
                lock (_listeners)
                {
                    _listeners.Add(value.Subscribe(this, name => name == CoreEventId.DetectChangesStarting.Name));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (!_stopped && _inRequest())
            {
                Interlocked.Increment(ref _count);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            _subscription.Dispose();
            lock (_listeners)
            {
                _listeners.ForEach(l => l.Dispose());
            }
        }
    }

    /// <summary>
    /// The round trips of one request, as Npgsql traces them: one activity per command or batch it sends and waits for.
    /// What it prepends to the next command (a savepoint, BEGIN) is not one, and neither is COMMIT, which it does not trace.
    /// </summary>
    private sealed class NpgsqlRoundTrips : IDisposable
    {
        private readonly ActivityListener _listener;
        private readonly ConcurrentQueue<string> _sent = new();
        private volatile bool _stopped;

        public NpgsqlRoundTrips(Func<bool> inRequest)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Npgsql",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    if (!_stopped && inRequest())
                    {
                        _sent.Enqueue(activity.Tags.FirstOrDefault(t => t.Key is "db.query.text" or "db.statement").Value ?? activity.DisplayName);
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public IReadOnlyList<string> Stop()
        {
            _stopped = true;
            return [.. _sent];
        }

        public void Dispose() => _listener.Dispose();
    }
}
