namespace TrialStartup.Cli;

/// <summary>
/// The simulation's only clock: it stands still while a command is decided and moves on a fixed step between
/// commands, so a run is reproducible and its events have distinct, readable times.
/// </summary>
internal sealed class SimulationClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start.ToUniversalTime();

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
