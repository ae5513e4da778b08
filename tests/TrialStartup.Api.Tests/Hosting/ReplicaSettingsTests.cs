namespace TrialStartup.Api.Tests.Hosting;

using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Data.Replicas;
using TrialStartup.Messaging.Hosting;

/// <summary>
/// Hosts of one installation share some settings (ReplicaSettingsCheck): a host that starts with other values than a
/// running host is stopped before it serves, naming each difference; the same values start, and a host that stopped,
/// or fell silent long ago, no longer counts.
/// </summary>
public sealed class ReplicaSettingsTests
{
    [Fact]
    public async Task AReplicaWithTheSameSettings_Starts_AndEachRunningHostIsRecordedUntilItStops()
    {
        await using var first = new ApiFactory();
        _ = first.Server;
        var second = SecondReplica(first);
        _ = second.Server;

        Assert.Equal(2, await first.WithDbAsync(db => db.RunningHosts.CountAsync()));
        var settings = JsonSerializer.Deserialize<Dictionary<string, string>>(await first.WithDbAsync(db => db.RunningHosts.Select(h => h.Settings).FirstAsync()))!;
        Assert.Equal("", settings["TrialStartup:Identity:Issuer"]);
        Assert.Equal("folder", settings["TrialStartup:Documents:Store"]);
        Assert.Contains(settings.Keys, k => k.StartsWith("workflow definition ", StringComparison.Ordinal));

        // Stopping removes the record (as a host's graceful stop does; a test host is disposed before it is stopped).
        await second.Services.GetServices<IHostedService>().OfType<ReplicaSettingsCheck>().Single().StopAsync(CancellationToken.None);
        Assert.Equal(1, await first.WithDbAsync(db => db.RunningHosts.CountAsync()));
        await second.DisposeAsync();
    }

    [Fact]
    public async Task AReplicaWithOtherSettings_IsStoppedBeforeItServes_NamingEachDifference()
    {
        await using var first = new ApiFactory();
        _ = first.Server;
        await using var second = SecondReplica(first, new Dictionary<string, string> { ["TrialStartup:Identity:Issuer"] = "https://elsewhere.example/" });

        var error = Assert.ThrowsAny<Exception>(() => second.Server);

        var message = error.ToString();
        Assert.Contains("TrialStartup:Identity:Issuer is 'https://elsewhere.example/' here and empty on TrialStartup.Api", message, StringComparison.Ordinal);
        Assert.Equal(1, await first.WithDbAsync(db => db.RunningHosts.CountAsync()));
    }

    [Fact]
    public async Task AHostSilentLongerThanTheLimit_CountsAsGone_AndItsRecordIsRemoved()
    {
        await using var first = new ApiFactory();
        _ = first.Server;
        await first.WithDbAsync(async db =>
        {
            // A host that crashed ten minutes ago, with another issuer.
            var crashed = new RunningHost("crashed/1/x", "TrialStartup.Api",
                JsonSerializer.Serialize(new Dictionary<string, string> { ["TrialStartup:Identity:Issuer"] = "https://crashed.example/" }),
                DateTimeOffset.UtcNow.AddMinutes(-10));
            db.RunningHosts.Add(crashed);
            return await db.SaveChangesAsync();
        });

        await using var second = SecondReplica(first);
        _ = second.Server;

        Assert.Equal(2, await first.WithDbAsync(db => db.RunningHosts.CountAsync()));
        Assert.False(await first.WithDbAsync(db => db.RunningHosts.AnyAsync(h => h.HostId == "crashed/1/x")), "a crashed host's record stays for ever");
    }

    // A second Api host on the first's database, with a data folder of its own (as a replica on another machine).
    private static ClockedApiFactory SecondReplica(ApiFactory first, IReadOnlyDictionary<string, string>? settings = null) =>
        new("sqlite", DateTimeOffset.UtcNow, $"Data Source={Path.Combine(first.DataFolder, "trialstartup.db")}", settings);
}
