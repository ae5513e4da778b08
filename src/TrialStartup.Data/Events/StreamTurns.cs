namespace TrialStartup.Data.Events;

/// <summary>
/// Takes turns on a stream within this process: commands of one project that arrive together (the three parallel
/// reviews, decided at the same moment by three offices) are decided one after the other instead of racing. A race
/// costs the loser a whole write (its transaction rolled back, the stream read again, the command decided again), and
/// on the embedded default most parallel reviews used to lose it once or twice. With turns the next command finds the
/// stream in the cache as the one before left it, and its append goes through.
/// </summary>
/// <remarks>
/// A turn is only an economy: the (stream, version) key stays the arbiter, between hosts and between a turn's holder
/// and anyone who did not take one. <see cref="EfEventStore.TakeTurnAsync"/> says how long a command holds it (until its
/// commit, and the cache holds its events) and why a command inside a transaction waits for it only so long.
/// </remarks>
public sealed class StreamTurns
{
    private readonly Dictionary<Guid, Turn> turns = [];

    /// <summary>Waits until no other command of this process holds <paramref name="streamId"/>'s turn, and takes it.</summary>
    /// <returns>The turn; disposing it lets the next command in.</returns>
    public async ValueTask<IDisposable> TakeAsync(Guid streamId, CancellationToken cancellationToken = default) =>
        (await TryTakeAsync(streamId, Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false))!;

    /// <summary>As <see cref="TakeAsync"/>, waiting at most <paramref name="timeout"/>.</summary>
    /// <returns>The turn, or <c>null</c> when it did not come in time.</returns>
    public async ValueTask<IDisposable?> TryTakeAsync(Guid streamId, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Turn turn;
        lock (turns)
        {
            if (!turns.TryGetValue(streamId, out turn!))
            {
                turns[streamId] = turn = new Turn(this, streamId);
            }

            turn.Users++;
        }

        bool taken;
        try
        {
            taken = await turn.Gate.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            turn.Leave();
            throw;
        }

        if (!taken)
        {
            turn.Leave();
            return null;
        }

        return turn.Holder();
    }

    /// <summary>How many streams have a command holding or waiting for their turn (for tests).</summary>
    public int Busy
    {
        get
        {
            lock (turns)
            {
                return turns.Count;
            }
        }
    }

    private sealed class Turn(StreamTurns owner, Guid streamId)
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        // Commands holding or waiting for the turn, under the owner's lock: the last one out removes the entry.
        public int Users { get; set; }

        public IDisposable Holder() => new Held(this);

        public void Leave()
        {
            lock (owner.turns)
            {
                if (--Users == 0)
                {
                    owner.turns.Remove(streamId);
                }
            }
        }

        private sealed class Held(Turn turn) : IDisposable
        {
            private int released;

            public void Dispose()
            {
                if (Interlocked.Exchange(ref released, 1) == 0)
                {
                    turn.Gate.Release();
                    turn.Leave();
                }
            }
        }
    }
}
