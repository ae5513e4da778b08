namespace TrialStartup.Messaging.Hosting;

using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TrialStartup.Data;
using TrialStartup.Data.Replicas;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// A setting every host of an installation must have with the same value; each feature registers its own where it is
/// configured (<c>services.AddSingleton(new SharedSetting(…))</c>), and <see cref="ReplicaSettingsCheck"/> compares them.
/// </summary>
/// <param name="Name">The setting as an operator knows it (<c>TrialStartup:Documents:Store</c>).</param>
/// <param name="Value">Its value on this host, printable: never a secret itself (a key is named by its thumbprint).</param>
public sealed record SharedSetting(string Name, string Value);

/// <summary>
/// Stops a host from serving when a running host of the same installation has another value for a setting both must
/// share: another clock shift, message transport, document store or token issuer, or another content under the same
/// workflow definition version. Such replicas would not fail at once, but split the installation: tokens one refuses,
/// documents the other cannot find, deadlines counted on other dates.
/// </summary>
/// <remarks>
/// Each serving host records itself in <c>RunningHosts</c> with its shared settings and says every
/// <see cref="Heartbeat"/> that it still runs; one silent for <see cref="Silence"/> counts as gone (a crashed host),
/// one that stops removes itself, and a starting host removes the records of gone ones. A host compares itself at
/// start with the hosts that run, on the settings both have (a Worker has no document store). To change one of these
/// settings, stop every host, then start them with the new value: a rolling update that changes one is refused by
/// design. Working-day calendars are not compared: a calendar gains next year's holidays weeks ahead, and that edit must
/// roll out replica by replica. Commands of the host (<c>administrator</c>,
/// <c>documents migrate</c>) serve nothing and are not checked.
/// </remarks>
public sealed partial class ReplicaSettingsCheck(IServiceScopeFactory scopes, IEnumerable<SharedSetting> settings, DefinitionCatalog definitions,
    TimeProvider clock, IHostEnvironment environment, ILogger<ReplicaSettingsCheck> logger) : IHostedLifecycleService, IDisposable
{
    /// <summary>How often a running host says so.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(30);

    /// <summary>How long a host may be silent before it counts as gone.</summary>
    public static readonly TimeSpan Silence = TimeSpan.FromMinutes(2);

    // The hosts of this process that run now: a record of this process that is not among them is of a host that stopped
    // without removing it (stopped after its services were disposed, as test hosts are), whatever its heartbeat says.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> RunningInThisProcess = new();
    private static readonly string ThisProcess = $"{Environment.MachineName}/{Environment.ProcessId}/";

    private readonly string _hostId = $"{ThisProcess}{Guid.NewGuid():N}";
    // Never disposed: without a timer it holds nothing, and a host may be stopped after its services were disposed.
    private readonly CancellationTokenSource _stopping = new();
    private Task? _heartbeats;
    private int _stopped;

    /// <summary>
    /// This host's shared settings, by name: the registered ones, the clock's shift (<c>TrialStartup:ClockShift</c>, as the
    /// host runs it) and every workflow definition version's content.
    /// </summary>
    public IReadOnlyDictionary<string, string> Mine()
    {
        var mine = settings.ToDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal);
        var shift = clock switch
        {
            ShiftedClock shifted => shifted.Shift,
            _ when ReferenceEquals(clock, TimeProvider.System) => TimeSpan.Zero,
            _ => (TimeSpan?)null, // a clock of a test's own, which says nothing about the setting
        };
        if (shift is { } known)
        {
            // To the minute: a shift is set in days or hours, and hosts whose shift was computed moments apart (to put a
            // rehearsal's hosts on one date) must not count as different.
            var minutes = TimeSpan.FromMinutes(Math.Round(known.TotalMinutes));
            mine["TrialStartup:ClockShift"] = minutes.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var definition in definitions.All)
        {
            mine[$"workflow definition {definition.Id} version {definition.Version}"] = "content " + definition.ContentHash;
        }

        return mine;
    }

    /// <summary>
    /// Compares this host with the running ones and records it; throws, naming every difference, when they differ. It
    /// runs in the host's starting phase, which ends before any hosted service starts: the hosts start their services
    /// at once (<c>ServicesStartConcurrently</c>), and a host with other settings must not serve a single request.
    /// </summary>
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var mine = Mine();
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
            var since = DateTimeOffset.UtcNow - Silence;
            var running = (await db.RunningHosts.AsNoTracking().Where(h => h.LastSeenAt > since).ToListAsync(cancellationToken).ConfigureAwait(false))
                .Where(h => !h.HostId.StartsWith(ThisProcess, StringComparison.Ordinal) || RunningInThisProcess.ContainsKey(h.HostId))
                .ToList();
            var differences = running
                .SelectMany(host => Differences(mine, JsonSerializer.Deserialize<Dictionary<string, string>>(host.Settings) ?? [])
                    .Select(d => $"{d.Name} is {d.Mine} here and {d.Theirs} on {host.Application} {host.HostId} (running since {host.StartedAt:u})"))
                .ToList();
            if (differences.Count > 0)
            {
                throw new InvalidOperationException(
                    "This host's settings differ from a running host of the same installation, which would split it: " + string.Join("; ", differences)
                    + ". Give every host the same values; to change one, stop every host first (deploy/README.md, \"Settings every host shares\").");
            }

            // Records of hosts that crashed: they no longer count, and nothing else would ever remove them.
            await db.RunningHosts.Where(h => h.LastSeenAt <= since).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            db.RunningHosts.Add(new RunningHost(_hostId, environment.ApplicationName, JsonSerializer.Serialize(mine), DateTimeOffset.UtcNow));
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            RunningInThisProcess[_hostId] = 0;
        }

        _heartbeats = BeatAsync(_stopping.Token);
    }

    /// <summary>Nothing more: the check ran while the host was starting (<see cref="StartingAsync"/>).</summary>
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Removes this host's record: it no longer runs.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return; // stopped already (a test stops a host, then disposes it)
        }

        RunningInThisProcess.TryRemove(_hostId, out _);
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_heartbeats is not null)
        {
            await _heartbeats.ConfigureAwait(false);
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
            await db.RunningHosts.Where(h => h.HostId == _hostId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Stopping goes on: the record falls silent and counts as gone after Silence.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogNotRemoved(logger, e, _hostId);
        }
    }

    /// <summary>This host no longer runs, even if it could not remove its record.</summary>
    public void Dispose() => RunningInThisProcess.TryRemove(_hostId, out _);

    /// <summary>The settings both have with different values.</summary>
    public static IEnumerable<(string Name, string Mine, string Theirs)> Differences(IReadOnlyDictionary<string, string> mine,
        IReadOnlyDictionary<string, string> theirs) =>
        mine.Where(s => theirs.TryGetValue(s.Key, out var value) && value != s.Value)
            .Select(s => (s.Key, Quoted(s.Value), Quoted(theirs[s.Key])));

    private static string Quoted(string value) => value.Length == 0 ? "empty" : $"'{value}'";

    private async Task BeatAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(Heartbeat);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<TrialStartupDbContext>();
                    var now = DateTimeOffset.UtcNow;
                    await db.RunningHosts.Where(h => h.HostId == _hostId).ExecuteUpdateAsync(s => s.SetProperty(h => h.LastSeenAt, now), stopping)
                        .ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogHeartbeatFailed(logger, e, _hostId);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {HostId} could not remove its record from RunningHosts; it counts as gone once silent")]
    private static partial void LogNotRemoved(ILogger logger, Exception exception, string hostId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {HostId} could not say it still runs (RunningHosts); it tries again")]
    private static partial void LogHeartbeatFailed(ILogger logger, Exception exception, string hostId);
}
