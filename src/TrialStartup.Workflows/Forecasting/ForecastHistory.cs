namespace TrialStartup.Workflows.Forecasting;

/// <summary>
/// The past a forecast draws from: closed stretches of steps and how projects ended, indexed by step, kind and track.
/// A step draws from its own institution's history when that holds at least <see cref="MinimumSamples"/> stretches,
/// otherwise from every institution's, otherwise from its target.
/// </summary>
public sealed class ForecastHistory
{
    /// <summary>
    /// The fewest stretches a source must hold to be drawn from. With 10 the p80 of a step lies between its 8th and 9th
    /// values, so no single project sets the tail; fewer would let one slow project be a fifth of the distribution.
    /// </summary>
    public const int MinimumSamples = 10;

    private readonly Dictionary<(string StepId, StretchKind Kind, ForecastTrack Track), List<HistorySample>> _byStep = [];
    private readonly Dictionary<ForecastTrack, List<ProjectEnding>> _endings = [];

    /// <summary>Indexes <paramref name="samples"/> and <paramref name="endings"/>.</summary>
    public ForecastHistory(IEnumerable<HistorySample> samples, IEnumerable<ProjectEnding> endings)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(endings);
        foreach (var sample in samples)
        {
            var key = (sample.StepId, sample.Kind, sample.Track);
            if (!_byStep.TryGetValue(key, out var list))
            {
                _byStep[key] = list = [];
            }

            list.Add(sample);
        }

        foreach (var ending in endings)
        {
            if (!_endings.TryGetValue(ending.Track, out var list))
            {
                _endings[ending.Track] = list = [];
            }

            list.Add(ending);
        }
    }

    /// <summary>Every sample.</summary>
    public IEnumerable<HistorySample> Samples => _byStep.Values.SelectMany(s => s);

    /// <summary>Every ending.</summary>
    public IEnumerable<ProjectEnding> Endings => _endings.Values.SelectMany(e => e);

    /// <summary>
    /// The history as it stood at <paramref name="cutoff"/> without <paramref name="project"/>'s own: what a forecast
    /// made then could have known. A backtest that used later stretches would be graded on its own answers.
    /// </summary>
    public ForecastHistory Before(DateTimeOffset cutoff, Guid project) =>
        new(Samples.Where(s => s.ClosedAt < cutoff && s.ProjectId != project), Endings.Where(e => e.EndedAt < cutoff && e.ProjectId != project));

    /// <summary>
    /// The stretches a step draws from, sorted by working days, and their source: the institution's own when it has
    /// enough, else every institution's, else none (<see cref="HistorySources.Target"/>: the caller uses the target).
    /// </summary>
    internal (HistorySample[] Pool, string Source) Pool(Guid institutionId, ForecastTrack track, string stepId, StretchKind kind,
        Func<HistorySample, bool> fits)
    {
        if (!_byStep.TryGetValue((stepId, kind, track), out var all))
        {
            return ([], HistorySources.Target);
        }

        var own = all.Where(s => s.InstitutionId == institutionId && fits(s)).OrderBy(s => s.WorkingDays).ToArray();
        if (own.Length >= MinimumSamples)
        {
            return (own, HistorySources.Institution);
        }

        var everyone = all.Where(fits).OrderBy(s => s.WorkingDays).ToArray();
        return everyone.Length >= MinimumSamples ? (everyone, HistorySources.AllInstitutions) : ([], HistorySources.Target);
    }

    /// <summary>The share of ended projects of the track that an intervention terminated, with the same fallbacks.</summary>
    internal (double Share, int Count, string Source) TerminationShare(Guid institutionId, ForecastTrack track)
    {
        if (!_endings.TryGetValue(track, out var all))
        {
            return (0, 0, HistorySources.None);
        }

        var own = all.Where(e => e.InstitutionId == institutionId).ToList();
        var (pool, source) = own.Count >= MinimumSamples ? (own, HistorySources.Institution)
            : all.Count >= MinimumSamples ? (all, HistorySources.AllInstitutions)
            : (null, HistorySources.None);
        return pool is null ? (0, 0, source) : ((double)pool.Count(e => e.ByIntervention) / pool.Count, pool.Count, source);
    }
}
