namespace TrialStartup.Workflows.Forecasting;

using System.Buffers.Binary;
using NodaTime;
using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Commands;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// Forecasts one site project's activation by Monte Carlo over its own workflow definition (see <see cref="ForecastWalk"/>).
/// Pure: no clock, no database; the same subject, history, instant and run count always give the same forecast, because
/// the random sequence is seeded from the project's id.
/// </summary>
/// <param name="definitions">The published definitions; a project is walked on the version it started with.</param>
/// <param name="calendars">The working-day calendars; durations are in the institution's working days.</param>
/// <param name="runs">
/// Runs per forecast. At 1,000 the p80 date's own sampling error is about ±1.3 percentage points of probability
/// (sqrt(0.8·0.2/1000)), i.e. a working day or less on real step spreads, at a cost measured in benchmarks/README.md.
/// </param>
public sealed class SiteForecaster(DefinitionCatalog definitions, CalendarCatalog calendars, int runs = SiteForecaster.DefaultRuns)
{
    /// <summary>The runs per forecast unless told otherwise.</summary>
    public const int DefaultRuns = 1000;

    /// <summary>The end result of an activated site.</summary>
    public const string ActivatedResult = "activated";

    /// <summary>The result of a run ended by a termination drawn from past endings.</summary>
    public const string TerminatedResult = "terminated";

    /// <summary>
    /// The result of a participating site's run whose lead site's run ended without what the site waits for (its ethics
    /// approval, its signed contract): not approved, terminated, or disapproved where the site's definition has no
    /// reaction to it. The site cannot go on; it ends without activation.
    /// </summary>
    public const string LeadEndedResult = "lead-ended";

    /// <summary>The result of a run that could not be walked to an end (see the notes).</summary>
    public const string UndeterminedResult = "undetermined";

    /// <summary>The runs per forecast.</summary>
    public int Runs { get; } = runs > 0 ? runs : throw new ArgumentOutOfRangeException(nameof(runs), runs, "at least one run");

    /// <summary>
    /// Forecasts <paramref name="subject"/> from where it stands at <paramref name="asOf"/>, drawing from <paramref name="history"/>;
    /// a wait for one of <paramref name="signals"/> (the lead site's forecast of publishing it) ends when the lead's runs publish it.
    /// </summary>
    public SiteForecast Forecast(ForecastSubject subject, ForecastHistory history, DateTimeOffset asOf, IReadOnlyList<SignalForecast>? signals = null) =>
        Forecast(subject, history, asOf, signals, signals is null or [] ? 0 : signals.Max(s => s.ByRun.Count), leadAsIfSubmitted: false);

    /// <summary>
    /// Forecasts <paramref name="subject"/>, a participating site, whose waits for its lead end as <paramref name="lead"/>'s
    /// runs publish (each run of the site follows one run of the lead, all of whose runs count: one that disapproves or is
    /// terminated ends the site's run so too). A lead not submitted and not forecast as if it were gives nothing to follow.
    /// </summary>
    public SiteForecast Forecast(ForecastSubject subject, ForecastHistory history, DateTimeOffset asOf, SiteForecast lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        return Forecast(subject, history, asOf, lead.Signals, lead.Status == SiteForecastStatus.NotSubmitted ? 0 : lead.ActivationByRun.Count,
            lead.AsIfSubmitted);
    }

    /// <summary>
    /// Forecasts <paramref name="subject"/>, whose dossier is not submitted yet, as if it were submitted at <paramref name="asOf"/>
    /// on <paramref name="definitionId"/>'s latest version, the calendar and the facts it would be submitted with: its whole
    /// path from now, for the sites that wait for it. A subject already submitted is forecast as it stands.
    /// </summary>
    public SiteForecast ForecastAsIfSubmitted(ForecastSubject subject, string definitionId, string calendarId,
        IReadOnlyDictionary<string, string> facts, ForecastHistory history, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (subject.Events.Count > 0)
        {
            return Forecast(subject, history, asOf);
        }

        var definition = definitions.Latest(definitionId) ?? throw new ArgumentException($"no published definition '{definitionId}'", nameof(definitionId));
        var start = new StartWorkflow(Guid.Empty, subject.ProjectId, Actor.System, definition.Id, definition.Version, calendarId, facts);
        var (events, refusal) = WorkflowDecider.Decide(WorkflowState.Fold(subject.ProjectId, []), start, definition, calendars.Get(calendarId), asOf);
        if (refusal is not null)
        {
            throw new ArgumentException($"{definition} cannot start as given: {refusal.Message}", nameof(facts));
        }

        var forecast = Forecast(subject with { Events = events }, history, asOf);
        return forecast with
        {
            Notes = [.. forecast.Notes, "the dossier is not submitted yet: forecast as if it were submitted now"],
            AsIfSubmitted = true,
        };
    }

    private SiteForecast Forecast(ForecastSubject subject, ForecastHistory history, DateTimeOffset asOf, IReadOnlyList<SignalForecast>? signals, int leadRuns,
        bool leadAsIfSubmitted)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(history);
        var seed = SeedOf(subject.ProjectId);
        if (subject.Events.Count == 0)
        {
            return Settled(subject, SiteForecastStatus.NotSubmitted, asOf, seed, null, [],
                ["the dossier is not submitted yet: there is no workflow to walk until it is"]);
        }

        var state = WorkflowState.Fold(subject.ProjectId, subject.Events);
        var definition = definitions.Get(state.DefinitionId!, state.DefinitionVersion);
        var calendar = calendars.Get(state.CalendarId!);
        if (state.Status == InstanceStatus.Ended)
        {
            var ended = subject.Events.OfType<WorkflowEnded>().Last();
            return state.Result == ActivatedResult
                ? Settled(subject, SiteForecastStatus.Activated, asOf, seed, LocalDate(calendar, ended.At), [new OutcomeChance(ActivatedResult, 1)], [])
                : Settled(subject, SiteForecastStatus.Ended, asOf, seed, null, [new OutcomeChance(state.Result!, 1)], []);
        }

        var walk = new ForecastWalk(definition, calendar, subject, history, asOf, signals, leadRuns, leadAsIfSubmitted);
        var random = new Random(seed);
        var results = new Dictionary<string, int>(StringComparer.Ordinal);
        var byRun = new DateOnly?[Runs];
        var publishedByRun = new Dictionary<string, DateTimeOffset?[]>(StringComparer.Ordinal);
        for (var run = 0; run < Runs; run++)
        {
            var (result, activatedAt, published) = walk.Run(random);
            results[result] = results.GetValueOrDefault(result) + 1;
            byRun[run] = activatedAt is { } at ? LocalDate(calendar, at) : null;
            foreach (var (signal, publishedAt) in published)
            {
                if (!publishedByRun.TryGetValue(signal, out var instants))
                {
                    publishedByRun[signal] = instants = new DateTimeOffset?[Runs];
                }

                instants[run] = publishedAt;
            }
        }

        var notes = new List<string>
        {
            $"durations in working days of calendar '{calendar.Id}', drawn per step from past stretches of the same step and track ({subject.Track}), "
            + $"at least {ForecastHistory.MinimumSamples} of them, the institution's own first; dates are among the runs that activate",
            walk.TerminationSource == HistorySources.None
                ? $"terminations: fewer than {ForecastHistory.MinimumSamples} past projects of this track have ended, so none is assumed"
                : $"terminations: {walk.TerminationShare:P1} of {walk.TerminationSamples} ended projects of this track ({walk.TerminationSource})",
        };
        if (walk.Sources.FirstOrDefault(s => s.Source == HistorySources.LeadSite) is { } leadWait)
        {
            notes.Add($"the wait for the lead site is included: it ends when the lead site's own forecast publishes its signal ({leadWait.Samples} of its runs do)");
        }
        else if (walk.Sources.Any(s => s.Source == HistorySources.LeadSiteNotSubmitted))
        {
            notes.Add("the lead site has not submitted yet: the wait for it is estimated from the lead site's whole path as if it submitted now");
        }
        else if (walk.Sources.Any(s => s.Kind == "wait"))
        {
            notes.Add("the lead site's forecast is not available: the wait for it is drawn from past waits of the step, or not counted when there are none");
        }

        if (walk.FollowsLead)
        {
            // The lead's runs that do not approve count here too: the definition's reaction (lead-disapproved …) or no way on.
            var ended = results.Where(r => r.Key == LeadEndedResult || definition.Interventions.Any(i => i.OnSignal is not null && i.Result == r.Key))
                .Sum(r => r.Value);
            if (ended > 0)
            {
                notes.Add($"{(double)ended / Runs:P1} of the runs end without activation because the lead site's run did not approve or sign");
            }
        }

        if (state.Status == InstanceStatus.Suspended)
        {
            notes.Add("the project is suspended: the forecast assumes it is resumed now");
        }

        if (results.ContainsKey(UndeterminedResult))
        {
            notes.Add($"{results[UndeterminedResult]} runs could not be walked to an end step within {ForecastWalk.MaxCommandsPerRun} decisions or were refused");
        }

        var activated = byRun.OfType<DateOnly>().Order().ToArray();
        var outcomes = results.Select(r => new OutcomeChance(r.Key, Math.Round((double)r.Value / Runs, 4)))
            .OrderByDescending(o => o.Probability).ThenBy(o => o.Result, StringComparer.Ordinal).ToList();
        return new SiteForecast(subject.ProjectId, SiteForecastStatus.Open, asOf, Runs, seed, Quantile(activated, 0.5), Quantile(activated, 0.8),
            Quantile(activated, 0.95), outcomes, walk.Sources, notes, byRun)
        {
            Signals = [.. publishedByRun.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new SignalForecast(p.Key, p.Value))],
        };
    }

    /// <summary>
    /// The <paramref name="fraction"/> quantile by nearest rank: the smallest value at least that share of the values do
    /// not exceed, so "p80" is a date 80 % of the runs reached, never one interpolated between two runs.
    /// </summary>
    public static DateOnly? Quantile(IReadOnlyList<DateOnly> sorted, double fraction)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        return sorted.Count == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    /// <summary>
    /// The seed of a project's forecast: its id's first four bytes with its last four XORed in (ids of version 7 begin with
    /// their time, and projects created together would share a prefix), so every project has its own stream of draws.
    /// </summary>
    public static int SeedOf(Guid projectId)
    {
        Span<byte> bytes = stackalloc byte[16];
        projectId.TryWriteBytes(bytes);
        return BinaryPrimitives.ReadInt32LittleEndian(bytes) ^ BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]);
    }

    private SiteForecast Settled(ForecastSubject subject, string status, DateTimeOffset asOf, int seed, DateOnly? date,
        IReadOnlyList<OutcomeChance> outcomes, IReadOnlyList<string> notes) =>
        new(subject.ProjectId, status, asOf, 0, seed, date, date, date, outcomes, [], notes, [.. Enumerable.Repeat(date, Runs)])
        {
            // What an ended project published stays published: a site still waiting for it waits no longer than now.
            Signals = [.. subject.Events.OfType<SignalPublished>().GroupBy(p => p.Signal, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new SignalForecast(g.Key, [.. Enumerable.Repeat<DateTimeOffset?>(g.First().At, Runs)]))],
        };

    private static DateOnly LocalDate(WorkingDayCalendar calendar, DateTimeOffset at) =>
        Instant.FromDateTimeOffset(at).InZone(calendar.TimeZone).Date.ToDateOnly();
}
