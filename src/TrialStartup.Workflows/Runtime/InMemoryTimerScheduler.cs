namespace TrialStartup.Workflows.Runtime;

/// <summary>Keeps armed timers in memory; the caller asks which are due (tests, simulations, the embedded default).</summary>
public sealed class InMemoryTimerScheduler : ITimerScheduler
{
    private readonly Dictionary<(Guid, string), TimerRequest> _timers = [];
    private readonly Lock _lock = new();

    /// <summary>Every armed timer.</summary>
    public IReadOnlyList<TimerRequest> Armed
    {
        get
        {
            lock (_lock)
            {
                return [.. _timers.Values.OrderBy(t => t.DueAt)];
            }
        }
    }

    /// <inheritdoc />
    public Task ScheduleAsync(TimerRequest timer, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _timers[(timer.InstanceId, timer.TimerId)] = timer;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task CancelAsync(Guid instanceId, string timerId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _timers.Remove((instanceId, timerId));
        }

        return Task.CompletedTask;
    }

    /// <summary>Removes and returns the timers due at <paramref name="now"/>, earliest first.</summary>
    public IReadOnlyList<TimerRequest> TakeDue(DateTimeOffset now)
    {
        lock (_lock)
        {
            var due = _timers.Values.Where(t => t.DueAt <= now).OrderBy(t => t.DueAt).ToList();
            foreach (var timer in due)
            {
                _timers.Remove((timer.InstanceId, timer.TimerId));
            }

            return due;
        }
    }
}
