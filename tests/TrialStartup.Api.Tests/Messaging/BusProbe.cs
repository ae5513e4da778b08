namespace TrialStartup.Api.Tests.Messaging;

using System.Collections.Concurrent;
using MassTransit;

/// <summary>Counts what a host's bus consumed and published, by message type, so tests can see a message's whole trip.</summary>
internal sealed class BusProbe : IConsumeObserver, IPublishObserver, IDisposable
{
    private readonly ConcurrentQueue<object> _consumed = new();
    private readonly ConcurrentQueue<object> _published = new();
    private readonly ConnectHandle _consume;
    private readonly ConnectHandle _publish;

    public BusProbe(IBus bus)
    {
        _consume = bus.ConnectConsumeObserver(this);
        _publish = bus.ConnectPublishObserver(this);
    }

    public IReadOnlyList<T> Consumed<T>() => [.. _consumed.OfType<T>()];

    public IReadOnlyList<T> Published<T>() => [.. _published.OfType<T>()];

    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        _consumed.Enqueue(context.Message);
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;

    public Task PrePublish<T>(PublishContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostPublish<T>(PublishContext<T> context)
        where T : class
    {
        _published.Enqueue(context.Message);
        return Task.CompletedTask;
    }

    public Task PublishFault<T>(PublishContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;

    public void Dispose()
    {
        _consume.Disconnect();
        _publish.Disconnect();
    }
}
