namespace TrialStartup.Api.Tests.Alerts;

using TrialStartup.Api.Tests.Infrastructure;

/// <summary>
/// One clocked API host per database for the alert tests: the tests move the clock past a deadline before firing it,
/// as the timer jobs would. The clock only moves forward, and every test works on projects of its own.
/// </summary>
public sealed class ClockedHosts() : HostsPerDatabase<ClockedApiFactory>(database => new ClockedApiFactory(database, Start))
{
    // A Monday morning in Shanghai, inside the shipped calendar's years, so every deadline can be computed.
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);
}
