namespace TrialStartup.Api.Tests.Messaging;

using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Api.Tests.TestServers;
using TrialStartup.Messaging.Outbox;

/// <summary>
/// The hosts start their services at once, so the outbox dispatcher waits on <see cref="BusStarted"/> for the bus it
/// publishes to: closed until the bus has started (or failed to start), open after.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class BusStartedTests(ApiHosts hosts)
{
    [Fact]
    public async Task TheGate_OpensWhenTheBusHasStarted_OrFailedTo_AndNotBefore()
    {
        var started = new BusStarted();
        var waiting = started.WaitAsync(CancellationToken.None);
        await ((IBusObserver)started).PreStart(null!);
        Assert.False(waiting.IsCompleted, "open before the bus started");
        await started.PostStart(null!, Task.FromResult<BusReady>(null!));
        await waiting.WaitAsync(TimeSpan.FromSeconds(1));

        var faulted = new BusStarted();
        await faulted.StartFaulted(null!, new InvalidOperationException("broker away"));
        await faulted.WaitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(1));

        using var stopping = new CancellationTokenSource();
        var cancelled = new BusStarted().WaitAsync(stopping.Token);
        await stopping.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
    }

    [Fact]
    public void AHostsBus_PostsNoUsageTelemetryToMassTransit()
    {
        var api = hosts.For("sqlite");

        var options = api.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<UsageTelemetryOptions>>().Value;

        Assert.False(options.Enabled, "MassTransit would post the bus's shape to usage-tracking.masstransit.io");
    }

    [Fact]
    public async Task AHost_ConnectsTheGateToItsBus_WhichHasStartedByTheTimeItServes()
    {
        var api = hosts.For("sqlite");
        var gate = api.Services.GetRequiredService<BusStarted>();
        await gate.WaitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
    }
}
