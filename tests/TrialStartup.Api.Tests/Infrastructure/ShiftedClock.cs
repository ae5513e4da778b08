namespace TrialStartup.Api.Tests.Infrastructure;

/// <summary>
/// Real time moved to a fixed date: it runs like the system clock but starts at <paramref name="start"/>. The working-day
/// calendar covers only the years whose holidays are announced, so tests on today's date would start failing whenever
/// a deadline reaches into an unannounced year; on this clock they never depend on the day they run.
/// </summary>
public sealed class ShiftedClock(DateTimeOffset start) : TimeProvider
{
    private readonly TimeSpan _shift = start - System.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _shift;
}
