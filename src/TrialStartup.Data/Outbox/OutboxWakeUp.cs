namespace TrialStartup.Data.Outbox;

/// <summary>
/// Wakes this process's outbox dispatcher right after a commit wrote outbox rows, so a message leaves in milliseconds
/// instead of at the next poll. Other processes' commits are found by polling.
/// </summary>
public sealed class OutboxWakeUp
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>Something was committed; wake the dispatcher if it sleeps.</summary>
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
