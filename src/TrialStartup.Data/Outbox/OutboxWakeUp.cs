namespace TrialStartup.Data.Outbox;

/// <summary>
/// Wakes this process's outbox dispatcher right after a commit wrote outbox rows, so a message leaves in milliseconds
/// instead of at the next poll. Other processes' commits are found by polling.
/// </summary>
public sealed class OutboxWakeUp : WakeUpSignal;

/// <summary>Wakes a background loop of this process that sleeps until there is work or its poll interval passes.</summary>
public abstract class WakeUpSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>Something was committed; wake the loop if it sleeps.</summary>
    public void Poke()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another poke got there first: one wake-up is enough.
            }
        }
    }

    /// <summary>Sleeps until poked or until <paramref name="timeout"/> passes.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
