namespace TrialStartup.LoadTest;

using System.Collections.Concurrent;
using System.Diagnostics;

/// <summary>
/// Every request's duration by kind, kept whole (a run is at most a few hundred thousand requests), so percentiles
/// are exact: sort and pick, no histogram buckets.
/// </summary>
internal sealed class RequestLog(int showErrors)
{
    private readonly ConcurrentDictionary<string, Series> series = new();
    private readonly ConcurrentQueue<string> firstErrors = new();
    private int errorsShown;

    /// <summary>The request kinds seen so far.</summary>
    public IReadOnlyCollection<string> Kinds => [.. series.Keys];

    /// <summary>Failed answers kept in full, in the order they came.</summary>
    public IReadOnlyCollection<string> FirstErrors => firstErrors;

    /// <summary>Records one answered (or failed) request.</summary>
    public void Record(string kind, long startTimestamp, long endTimestamp, bool ok)
    {
        var s = series.GetOrAdd(kind, _ => new Series());
        s.Add(Stopwatch.GetElapsedTime(startTimestamp, endTimestamp).TotalMilliseconds, ok);
    }

    /// <summary>Counts an answer that came with the right status but the wrong content.</summary>
    public void RecordError(string kind) => series.GetOrAdd(kind, _ => new Series()).AddError();

    /// <summary>Keeps the first few failures' details, so a broken run says why.</summary>
    public void Describe(string failure)
    {
        if (Interlocked.Increment(ref errorsShown) <= showErrors)
        {
            firstErrors.Enqueue(failure);
        }
    }

    /// <summary>The durations (ms) and error count of one kind; all kinds together for <c>null</c>.</summary>
    public (double[] Durations, int Errors) Snapshot(string? kind)
    {
        var chosen = kind is null ? series.Values.ToList() : [series[kind]];
        var durations = new List<double>();
        var errors = 0;
        foreach (var s in chosen)
        {
            var (d, e) = s.Snapshot();
            durations.AddRange(d);
            errors += e;
        }

        return ([.. durations], errors);
    }

    private sealed class Series
    {
        private readonly List<double> durations = [];
        private int errors;

        public void Add(double milliseconds, bool ok)
        {
            lock (durations)
            {
                durations.Add(milliseconds);
                errors += ok ? 0 : 1;
            }
        }

        public void AddError()
        {
            lock (durations)
            {
                errors++;
            }
        }

        public (double[] Durations, int Errors) Snapshot()
        {
            lock (durations)
            {
                return ([.. durations], errors);
            }
        }
    }
}
