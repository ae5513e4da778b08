namespace TrialStartup.Api.Tests.Hosting;

using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TrialStartup.Api.Auth;
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
        var second = SecondReplica(first, shareTokenKeys: true);
        _ = second.Server;

        Assert.Equal(2, await first.WithDbAsync(db => db.RunningHosts.CountAsync()));
        var settings = JsonSerializer.Deserialize<Dictionary<string, string>>(await first.WithDbAsync(db => db.RunningHosts.Select(h => h.Settings).FirstAsync()))!;
        Assert.Contains("token signing key", settings.Keys);
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
        await using var second = SecondReplica(first, shareTokenKeys: false,
            new Dictionary<string, string> { ["TrialStartup:Identity:Issuer"] = "https://elsewhere.example/" });

        var error = Assert.ThrowsAny<Exception>(() => second.Server);

        var message = error.ToString();
        Assert.Contains("token signing key is 'JWK thumbprint ", message, StringComparison.Ordinal);
        Assert.Contains("TrialStartup:Identity:Issuer is 'https://elsewhere.example/' here and empty on TrialStartup.Api", message, StringComparison.Ordinal);
        Assert.Equal(1, await first.WithDbAsync(db => db.RunningHosts.CountAsync()));
    }

    [Fact]
    public async Task AHostSilentLongerThanTheLimit_CountsAsGone()
    {
        await using var first = new ApiFactory();
        _ = first.Server;
        await first.WithDbAsync(async db =>
        {
            // A host that crashed ten minutes ago with keys of its own.
            var crashed = new RunningHost("crashed/1/x", "TrialStartup.Api", JsonSerializer.Serialize(new Dictionary<string, string> { ["token signing key"] = "JWK thumbprint other" }),
                DateTimeOffset.UtcNow.AddMinutes(-10));
            db.RunningHosts.Add(crashed);
            return await db.SaveChangesAsync();
        });

        await using var second = SecondReplica(first, shareTokenKeys: true);
        _ = second.Server;

        Assert.Equal(3, await first.WithDbAsync(db => db.RunningHosts.CountAsync()));
    }

    // A second Api host on the first's database, with a data folder of its own (and the first's token keys in it, as
    // a Secret mounts them on every replica, when shareTokenKeys).
    private static ClockedApiFactory SecondReplica(ApiFactory first, bool shareTokenKeys, IReadOnlyDictionary<string, string>? settings = null)
    {
        var second = new ClockedApiFactory("sqlite", DateTimeOffset.UtcNow, $"Data Source={Path.Combine(first.DataFolder, "trialstartup.db")}", settings);
        if (shareTokenKeys)
        {
            Directory.CreateDirectory(second.DataFolder);
            foreach (var file in new[] { IssuerKeys.SigningKeyFile, IssuerKeys.EncryptionKeyFile })
            {
                File.Copy(Path.Combine(first.DataFolder, file), Path.Combine(second.DataFolder, file), overwrite: true);
            }
        }

        return second;
    }
}
