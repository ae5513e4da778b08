namespace TrialStartup.Api.Idempotency;

/// <summary>
/// The idempotency keys of the requests this process is running now: a second request with the same caller and key
/// waits here until the first is done, then finds its stored answer. Only the SQLite path uses it (one process holds
/// the embedded database); elsewhere the claimed row does this across hosts (<see cref="IdempotencyFilter"/>).
/// </summary>
public sealed class KeysInFlight
{
    // Each entry lives while a request holds or awaits it, so the dictionary holds only the keys in use.
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Waits until no other request of this process holds <paramref name="key"/> of <paramref name="principal"/>; disposing the result lets the next one in.</summary>
    public async Task<IDisposable> EnterAsync(string principal, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(key);
        var name = NameOf(principal, key);
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(name, out entry!))
            {
                _entries[name] = entry = new Entry();
            }

            entry.Users++;
        }

        try
        {
            await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Leave(name, entry, entered: false);
            throw;
        }

        return new Turn(this, name, entry);
    }

    /// <summary>One string for a caller's key: neither a principal nor a key has a line break.</summary>
    internal static string NameOf(string principal, string key) => principal + "\n" + key;

    /// <summary>How many keys are held or awaited now (for tests: an ended request leaves nothing behind).</summary>
    internal int Count
    {
        get
        {
            lock (_entries)
            {
                return _entries.Count;
            }
        }
    }

    private void Leave(string name, Entry entry, bool entered)
    {
        if (entered)
        {
            entry.Gate.Release();
        }

        lock (_entries)
        {
            if (--entry.Users == 0)
            {
                _entries.Remove(name);
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int Users { get; set; }
    }

    private sealed class Turn(KeysInFlight owner, string name, Entry entry) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Leave(name, entry, entered: true);
            }
        }
    }
}
