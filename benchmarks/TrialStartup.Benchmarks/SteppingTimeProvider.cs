namespace TrialStartup.Benchmarks;

/// <summary>
/// A clock that starts at a fixed instant and moves on a fixed step each time it is read, so every run decides
/// at the same instants (deadlines, working-day counts and timer ids are the same run to run) and the real clock,
/// whose reading would vary and could leave the calendar's covered years, is never used.
/// </summary>
internal sealed class SteppingTimeProvider(DateTimeOffset start, TimeSpan step) : TimeProvider
{
    private DateTimeOffset _next = start;

    /// <summary>Monday 2 March 2026, 09:00 in Shanghai: a working day well inside the shipped calendar's years.</summary>
    public static DateTimeOffset DefaultStart { get; } = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        var now = _next;
        _next += step;
        return now;
    }
}
