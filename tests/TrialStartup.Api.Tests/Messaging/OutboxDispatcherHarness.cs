namespace TrialStartup.Api.Tests.Messaging;

using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Data.Leases;
using TrialStartup.Data.Outbox;
using TrialStartup.Messaging;
using TrialStartup.Messaging.Hosting;
using TrialStartup.Messaging.Outbox;
using TrialStartup.Messaging.Webhooks;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// A real <see cref="OutboxDispatcher"/> on a test host's database, bus, definitions and clock, as another process of the
/// installation would run it, whose publishes the test sees and can freeze. A frozen dispatcher neither publishes, nor
/// marks, nor renews or releases its lease: to the other dispatchers it is a process that was killed mid-batch.
/// </summary>
internal sealed class TestDispatcher : IAsyncDisposable
{
    /// <summary>How often a test dispatcher looks for unsent rows: it has a wake-up of its own, which commits never poke.</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    private readonly OutboxDispatcher _dispatcher;
    private readonly PublicationLog _log;
    private readonly TaskCompletionSource _frozen = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _thawed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Func<object, bool>? _freezeWhen;
    private TimeSpan _publishDelay;
    private int _failedPublishes;

    public TestDispatcher(ApiFactory host, string name, PublicationLog log)
    {
        ArgumentNullException.ThrowIfNull(host);
        Name = name;
        _log = log;
        var services = host.Services;
        _dispatcher = new OutboxDispatcher(services.GetRequiredService<IServiceScopeFactory>(),
            WatchedBus.Over(services.GetRequiredService<IBus>(), PublishAsync), services.GetRequiredService<BusStarted>(), new OutboxWakeUp(), new WebhookWakeUp(),
            services.GetRequiredService<DefinitionCatalog>(), services.GetRequiredService<TimeProvider>(),
            Options.Create(new TrialStartupOptions { Messaging = { OutboxPollInterval = Poll } }),
            services.GetRequiredService<ILogger<OutboxDispatcher>>());
    }

    public string Name { get; }

    /// <summary>How many of its publishes the bus refused or gave up on (the broker away): each fails the dispatcher's batch.</summary>
    public int FailedPublishes => Volatile.Read(ref _failedPublishes);

    /// <summary>Completes when the dispatcher froze: it is inside a batch, holding the lease, and will not come out.</summary>
    public Task Frozen => _frozen.Task;

    /// <summary>The dispatcher freezes instead of making its <paramref name="n"/>th publish from now on (and any after it).</summary>
    public void FreezeAtPublish(int n)
    {
        var count = 0;
        FreezeWhen(_ => Interlocked.Increment(ref count) >= n);
    }

    /// <summary>The dispatcher freezes instead of publishing the first message that matches (and any after it).</summary>
    public void FreezeWhen(Func<object, bool> when) => _freezeWhen = when;

    /// <summary>Every publish takes this long first, as on a slow broker: a batch stays in flight long enough for others to poll.</summary>
    public void SlowPublishesBy(TimeSpan delay) => _publishDelay = delay;

    public Task StartAsync() => _dispatcher.StartAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        // A frozen dispatcher's publish now fails, as a dead process's would have: its batch stays unmarked, its loop sees
        // the stop and gives the lease up (if it still holds it) before the host's services go away.
        _thawed.TrySetException(new InvalidOperationException($"{Name} was killed"));
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _dispatcher.StopAsync(limit.Token);
        _dispatcher.Dispose();
    }

    private async Task PublishAsync(IBus bus, object message, Type type, IPipe<PublishContext> pipe, CancellationToken cancellationToken)
    {
        if (_frozen.Task.IsCompleted || (_freezeWhen?.Invoke(message) ?? false))
        {
            _frozen.TrySetResult();

            // A killed process observes no cancellation: only the test ends this wait (by failing it, on dispose).
            await _thawed.Task;
        }

        if (_publishDelay > TimeSpan.Zero)
        {
            await Task.Delay(_publishDelay, cancellationToken);
        }

        var watched = new IdWatchingPipe(pipe);
        try
        {
            await bus.Publish(message, type, watched, cancellationToken);
        }
        catch (Exception)
        {
            Interlocked.Increment(ref _failedPublishes);
            throw;
        }

        _log.Add(Name, watched.MessageId ?? Guid.Empty, message);
    }
}

/// <summary>The dispatcher's own publish pipe (which sets the message id), noting the id it set.</summary>
internal sealed class IdWatchingPipe(IPipe<PublishContext> pipe) : IPipe<PublishContext>
{
    public Guid? MessageId { get; private set; }

    public async Task Send(PublishContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await pipe.Send(context);
        MessageId = context.MessageId;
    }

    public void Probe(ProbeContext context) => pipe.Probe(context);
}

/// <summary>What the dispatchers of one test published, whichever did, in the order their publishes completed.</summary>
internal sealed class PublicationLog
{
    private readonly ConcurrentQueue<Publication> _entries = new();
    private long _sequence;

    public IReadOnlyList<Publication> All => [.. _entries.OrderBy(p => p.Sequence)];

    public IReadOnlyList<Publication> By(string dispatcher) => [.. All.Where(p => p.Dispatcher == dispatcher)];

    public void Add(string dispatcher, Guid messageId, object message) =>
        _entries.Enqueue(new Publication(Interlocked.Increment(ref _sequence), dispatcher, messageId, message));
}

/// <summary>One message a dispatcher handed to the bus (the bus accepted it).</summary>
internal sealed record Publication(long Sequence, string Dispatcher, Guid MessageId, object Message);

/// <summary>A message an outbox row stands for, as the dispatcher's own translator makes it: what should leave, in which order.</summary>
internal sealed record ExpectedMessage(Guid StreamId, long StreamVersion, Guid MessageId, Type Type);

/// <summary>The hosts and database reads the outbox tests share.</summary>
internal static class OutboxTesting
{
    /// <summary>
    /// A host on <paramref name="database"/> whose clock the test moves and which runs no outbox dispatcher of its own, so
    /// the test's dispatchers are the only ones; its consumers, with their inboxes, run as usual (on the in-memory bus
    /// unless <paramref name="settings"/> say otherwise).
    /// </summary>
    public static ClockedApiFactory HostWithoutDispatcher(string database, IReadOnlyDictionary<string, string>? settings = null) =>
        new(database, ApiFactory.TestEpoch, settings: new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
        {
            ["TrialStartup:Messaging:RunOutboxDispatcher"] = "false",
        });

    public static Task<int> UnsentAsync(ApiFactory api) => api.WithDbAsync(db => db.Outbox.CountAsync(m => m.SentAt == null));

    public static Task<Lease?> LeaseAsync(ApiFactory api) =>
        api.WithDbAsync(db => db.Leases.AsNoTracking().SingleOrDefaultAsync(l => l.Name == OutboxDispatcher.LeaseName));

    public static Task DrainedAsync(ApiFactory api, string what) =>
        Eventually.TrueAsync(async () => await UnsentAsync(api) == 0, what, TimeSpan.FromSeconds(20));

    /// <summary>
    /// Every message the outbox stands for, stream by stream in commit (version) order, with the ids the dispatcher must
    /// give them: the row's id for its first message, ids derived from it for the others.
    /// </summary>
    public static Task<IReadOnlyList<ExpectedMessage>> ExpectedAsync(ApiFactory api) =>
        api.WithDbAsync<IReadOnlyList<ExpectedMessage>>(async db =>
        {
            var rows = await db.Outbox.AsNoTracking().ToListAsync();
            rows = [.. rows.OrderBy(r => r.StreamId).ThenBy(r => r.StreamVersion)];
            var expected = new List<ExpectedMessage>();
            foreach (var (row, messages) in await OutboxTranslator.MessagesAsync(db, api.Services.GetRequiredService<DefinitionCatalog>(), rows,
                CancellationToken.None))
            {
                expected.AddRange(messages.Select((m, i) =>
                    new ExpectedMessage(row.StreamId, row.StreamVersion, i == 0 ? row.Id : MessageIds.Derive(row.Id, i), m.GetType())));
            }

            return expected;
        });
}

/// <summary>
/// The host's bus as a test dispatcher sees it: the publish its call comes down to (MassTransit's extension method makes
/// the dispatcher's callback a pipe) goes through the test's hook, everything else straight to the bus. A
/// <see cref="DispatchProxy"/> because <see cref="IBus"/> is far too wide to write out; so not sealed: the proxy type is
/// derived from it at run time.
/// </summary>
internal class WatchedBus : DispatchProxy
{
    private IBus? _bus;
    private Func<IBus, object, Type, IPipe<PublishContext>, CancellationToken, Task>? _publish;

    public static IBus Over(IBus bus, Func<IBus, object, Type, IPipe<PublishContext>, CancellationToken, Task> publish)
    {
        var proxy = Create<IBus, WatchedBus>();
        var watched = (WatchedBus)(object)proxy;
        (watched._bus, watched._publish) = (bus, publish);
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IPublishEndpoint.Publish))
        {
            // Anything but the dispatcher's overload fails loudly, so a changed dispatcher cannot publish past the test unseen.
            return !targetMethod.IsGenericMethod && args is [{ } message, Type type, IPipe<PublishContext> pipe, CancellationToken token]
                ? _publish!(_bus!, message, type, pipe, token)
                : throw new InvalidOperationException($"the outbox dispatcher published through {targetMethod}, which the test bus does not watch");
        }

        try
        {
            return targetMethod.Invoke(_bus, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}

/// <summary>A theory that needs the RabbitMQ test server: skipped, saying why, when it is not there.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class RabbitMqTheoryAttribute : TheoryAttribute
{
    public RabbitMqTheoryAttribute()
    {
        if (RabbitMqServer.UnavailableReason is { } reason)
        {
            Skip = reason;
        }
    }
}
