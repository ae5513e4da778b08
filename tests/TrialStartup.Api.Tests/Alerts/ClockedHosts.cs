namespace TrialStartup.Api.Tests.Alerts;

using TrialStartup.Api.Tests.Infrastructure;

/// <summary>
/// One clocked API host per database for the alert tests: the tests move the clock past a deadline before firing it,
/// as the timer jobs would. The clock only moves forward, and every test works on projects of its own.
/// </summary>
public sealed class ClockedHosts : IDisposable
{
    // A Monday morning in Shanghai, inside the shipped calendar's years, so every deadline can be computed.
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    private readonly Lazy<ClockedApiFactory> _sqlite = new(() => new ClockedApiFactory("sqlite", Start));
    private readonly Lazy<ClockedApiFactory> _postgres = new(() => new ClockedApiFactory("postgres", Start));

    public ClockedApiFactory For(string database) => database switch
    {
        "sqlite" => _sqlite.Value,
        "postgres" => _postgres.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(database), database, "sqlite or postgres"),
    };

    public void Dispose()
    {
        if (_sqlite.IsValueCreated)
        {
            _sqlite.Value.Dispose();
        }

        if (_postgres.IsValueCreated)
        {
            _postgres.Value.Dispose();
        }
    }
}
