namespace TrialStartup.Messaging.Timers;

using System.Collections.Concurrent;
using TrialStartup.Data.Deadlines;

/// <summary>
/// The due instants this process has scheduled or found a waiting job for, so that the next deadline due at the same
/// instant (most do: they fall due at local midnight) is armed without asking the database and Hangfire's storage again.
/// Trusted only while the instant is more than <see cref="Margin"/> away: nearer, its job may already have started and
/// claimed its batches, so the storage is asked. A job deleted behind the process's back (from the dashboard) leaves its
/// deadlines to the minutely sweep, which fires them within the minute.
/// </summary>
/// <param name="clock">The clock, for <see cref="WaitingFor"/>.</param>
internal sealed class InstantJobs(TimeProvider clock) : IKnownDeadlineJobs
{
    /// <summary>How close to its instant a remembered job is no longer trusted.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(2);

    // Instants are whole seconds; a few per working day per time zone, so the map stays small. Past ones are dropped.
    private readonly ConcurrentDictionary<DateTimeOffset, string> waiting = new();

    /// <summary>The job remembered for <paramref name="wakeUpAt"/>, if the instant is far enough from <paramref name="now"/>.</summary>
    public string? WaitingAt(DateTimeOffset wakeUpAt, DateTimeOffset now)
    {
        if (wakeUpAt - now > Margin)
        {
            return waiting.TryGetValue(wakeUpAt, out var jobId) ? jobId : null;
        }

        waiting.TryRemove(wakeUpAt, out _);
        return null;
    }

    /// <inheritdoc />
    public string? WaitingFor(DateTimeOffset dueAt) => WaitingAt(HangfireTimerScheduler.WakeUpAt(dueAt), clock.GetUtcNow());

    /// <summary>Remembers that <paramref name="jobId"/> wakes at <paramref name="wakeUpAt"/>.</summary>
    public void Remember(DateTimeOffset wakeUpAt, string jobId)
    {
        waiting[wakeUpAt] = jobId;
        if (waiting.Count > 4_096)
        {
            waiting.Clear(); // a calendar reload or a clock jump left too many; they are found again in the storage
        }
    }
}
