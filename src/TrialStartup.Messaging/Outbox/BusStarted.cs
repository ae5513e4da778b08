namespace TrialStartup.Messaging.Outbox;

using MassTransit;

/// <summary>
/// Opens once the bus has started, so the outbox dispatcher's first publish never meets a bus that is still starting:
/// the hosts start their services at once (<c>ServicesStartConcurrently</c>), the bus's among them. A bus that failed
/// to start opens it too; the dispatcher's publish then fails, and it backs off and retries as when the broker is away.
/// </summary>
internal sealed class BusStarted : IBusObserver
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the bus has started (or failed to).</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => _started.Task.WaitAsync(cancellationToken);

    /// <inheritdoc />
    public Task PostStart(IBus bus, Task<BusReady> busReady)
    {
        _started.TrySetResult();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StartFaulted(IBus bus, Exception exception)
    {
        _started.TrySetResult();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void PostCreate(IBus bus)
    {
    }

    /// <inheritdoc />
    public void CreateFaulted(Exception exception)
    {
    }

    /// <inheritdoc />
    public Task PreStart(IBus bus) => Task.CompletedTask;

    /// <inheritdoc />
    public Task PreStop(IBus bus) => Task.CompletedTask;

    /// <inheritdoc />
    public Task PostStop(IBus bus) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopFaulted(IBus bus, Exception exception) => Task.CompletedTask;
}
