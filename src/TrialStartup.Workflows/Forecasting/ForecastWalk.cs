namespace TrialStartup.Workflows.Forecasting;

using NodaTime;
using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Commands;

/// <summary>
/// One forecast's simulated runs. Each run folds the project's stream into a fresh state and drives the engine's own
/// decider from there: every open step gets a time drawn from history (and, for a task, the outcome that came with
/// it), the earliest is decided, and the decider opens whatever the definition says comes next, until an end step.
/// The decider is called directly rather than through <see cref="WorkflowEngine"/>: no store, no timers to arm, no
/// stream read and folded again per command, which is what makes a thousand runs cheap.
/// A wait for a signal another site publishes ends when that site's own forecast publishes it, where one is given
/// (<see cref="SignalForecast"/>); otherwise it is drawn from past waits of the step. Each run follows one run of the
/// lead's forecast, drawn at random, for all its signals: the ethics approval and the template come from the same
/// lead run, and a lead run that disapproves or is terminated brings that to this run too (the definition's
/// <c>onSignal</c> interventions), or leaves it waiting for what never comes (<see cref="SiteForecaster.LeadEndedResult"/>).
/// </summary>
internal sealed class ForecastWalk
{
    /// <summary>A guard against a history that keeps a run looping through revisions; far above any real path.</summary>
    public const int MaxCommandsPerRun = 200;

    /// <summary>A task on a committee meeting's agenda is reviewed by the full board, so its history narrows to that type.</summary>
    public const string ReviewTypeOnAgenda = "full-board";

    private readonly WorkflowDefinition _definition;
    private readonly WorkingDayCalendar _calendar;
    private readonly ForecastSubject _subject;
    private readonly ForecastHistory _history;
    private readonly DateTimeOffset _asOf;
    private readonly Dictionary<(string StepId, int Round), DateTimeOffset> _heldSince = [];
    private readonly Dictionary<(string StepId, StretchKind Kind, string? ReviewType, int Round), (HistorySample[] Pool, string Source)> _pools = [];
    private readonly Dictionary<(string StepId, StretchKind Kind), StepSource> _sources = [];
    private readonly Dictionary<string, IReadOnlyList<DateTimeOffset?>> _signals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _published = new(StringComparer.Ordinal);
    private readonly string _leadSource;
    private readonly int _leadRuns;

    public ForecastWalk(WorkflowDefinition definition, WorkingDayCalendar calendar, ForecastSubject subject, ForecastHistory history,
        DateTimeOffset asOf, IReadOnlyList<SignalForecast>? signals = null, int leadRuns = 0, bool leadAsIfSubmitted = false)
    {
        _definition = definition;
        _calendar = calendar;
        _subject = subject;
        _history = history;
        _asOf = asOf;
        _leadSource = leadAsIfSubmitted ? HistorySources.LeadSiteNotSubmitted : HistorySources.LeadSite;

        // Every run of the lead counts, whatever it ended with: the signals this definition waits for or reacts to, per run.
        var reacts = definition.AllSteps.OfType<WaitStep>().Select(w => w.Signal)
            .Concat(definition.Interventions.Select(i => i.OnSignal).OfType<string>()).ToHashSet(StringComparer.Ordinal);
        _leadRuns = leadRuns;
        foreach (var signal in signals ?? [])
        {
            if (reacts.Contains(signal.Signal) && signal.ByRun.Count == leadRuns)
            {
                _signals[signal.Signal] = signal.ByRun;
            }
        }

        foreach (var revision in subject.Events.OfType<Runtime.Events.RevisionRequested>())
        {
            _heldSince[(revision.StepId, revision.Round)] = revision.At;
        }

        (TerminationShare, TerminationSamples, TerminationSource) = history.TerminationShare(subject.InstitutionId, subject.Track);
    }

    /// <summary>The share of runs ended by a termination before they are walked.</summary>
    public double TerminationShare { get; }

    /// <summary>How many past endings <see cref="TerminationShare"/> rests on.</summary>
    public int TerminationSamples { get; }

    /// <summary>Where <see cref="TerminationShare"/> came from.</summary>
    public string TerminationSource { get; }

    /// <summary>Whether a lead site's forecast ends this project's waits for its signals.</summary>
    public bool FollowsLead => _leadRuns > 0;

    /// <summary>The sources the runs used, in definition order.</summary>
    public IReadOnlyList<StepSource> Sources =>
        [.. _sources.Values.OrderBy(s => _definition.Step(s.StepId).Line).ThenBy(s => s.Kind, StringComparer.Ordinal)];

    /// <summary>
    /// Walks one run; its end result and, when it activated, when; and the instant of each signal the project published
    /// by the run's end (published before the forecast too), for the sites that wait for it.
    /// </summary>
    public (string Result, DateTimeOffset? ActivatedAt, IReadOnlyDictionary<string, DateTimeOffset> Published) Run(Random random)
    {
        _published.Clear();
        foreach (var published in _subject.Events.OfType<Runtime.Events.SignalPublished>())
        {
            _published.TryAdd(published.Signal, published.At);
        }

        try
        {
            var (result, activatedAt) = Walk(random);
            return (result, activatedAt, new Dictionary<string, DateTimeOffset>(_published, StringComparer.Ordinal));
        }
        catch (CalendarNotCoveredException)
        {
            // A run that reaches past the calendar's years (or started before them) has no honest working-day count.
            return (SiteForecaster.UndeterminedResult, null, new Dictionary<string, DateTimeOffset>(_published, StringComparer.Ordinal));
        }
    }

    private (string Result, DateTimeOffset? ActivatedAt) Walk(Random random)
    {
        // A termination is an intervention outside the path, so it is drawn once per run from how past projects ended.
        if (TerminationShare > 0 && random.NextDouble() < TerminationShare)
        {
            return (SiteForecaster.TerminatedResult, null);
        }

        var state = WorkflowState.Fold(_subject.ProjectId, _subject.Events);
        var now = _asOf;
        var arrivals = LeadArrivals(state, random);
        if (state.Status == InstanceStatus.Suspended && !Resume(state, now))
        {
            return (SiteForecaster.UndeterminedResult, null);
        }

        var plans = new Dictionary<(string StepId, int Round, StepStatus Status), Plan>();
        for (var commands = 0; commands < MaxCommandsPerRun; commands++)
        {
            if (state.Status == InstanceStatus.Ended)
            {
                return (state.Result!, state.Result == SiteForecaster.ActivatedResult ? now : null);
            }

            Plan? next = null;
            var waitingOnLead = false;
            foreach (var open in state.OpenSteps)
            {
                if (FollowsLead && open.Status != StepStatus.HeldBySubmitter && _definition.Step(open.StepId) is WaitStep)
                {
                    // Ended only by the lead run's signal arriving (below), whenever that is; never, if that run has none.
                    waitingOnLead = true;
                    _sources.TryAdd((open.StepId, StretchKind.Wait), new StepSource(open.StepId, KindName(StretchKind.Wait), _leadSource,
                        _signals.TryGetValue(((WaitStep)_definition.Step(open.StepId)).Signal, out var byRun) ? byRun.Count(at => at is not null) : 0, null));
                    continue;
                }

                var key = (open.StepId, open.Round, open.Status);
                if (!plans.TryGetValue(key, out var plan))
                {
                    plans[key] = plan = PlanFor(open, now, random);
                }

                if (next is null || plan.Due < next.Due || (plan.Due == next.Due && plan.Line < next.Line))
                {
                    next = plan;
                }
            }

            if (arrivals.Count > 0 && (next is null || arrivals.Peek().At <= next.Due))
            {
                // The lead run's signal arrives first: a wait ends, or the definition's intervention follows the lead.
                var (at, signal) = arrivals.Dequeue();
                now = at > now ? at : now;
                Publish(WorkflowDecider.Decide(state, new ReceiveSignal(Guid.Empty, _subject.ProjectId, Actor.System, signal, "forecast"),
                    _definition, _calendar, now).Events);
                continue;
            }

            if (next is null)
            {
                return (waitingOnLead ? SiteForecaster.LeadEndedResult : SiteForecaster.UndeterminedResult, null);
            }

            now = next.Due;
            var (events, refusal) = WorkflowDecider.Decide(state, next.Command, _definition, _calendar, now);
            if (refusal is not null)
            {
                return (SiteForecaster.UndeterminedResult, null);
            }

            Publish(events);
        }

        return (SiteForecaster.UndeterminedResult, null);
    }

    private void Publish(IReadOnlyList<Runtime.Events.WorkflowEvent> events)
    {
        foreach (var published in events.OfType<Runtime.Events.SignalPublished>())
        {
            _published.TryAdd(published.Signal, published.At);
        }
    }

    // One run of the lead's forecast, drawn for this run: the instants of its signals not received yet, in order, at the earliest now.
    private Queue<(DateTimeOffset At, string Signal)> LeadArrivals(WorkflowState state, Random random)
    {
        if (!FollowsLead)
        {
            return new();
        }

        var run = random.Next(_leadRuns);
        return new(_signals.Where(s => s.Value[run] is not null && state.SignalReceipts.All(r => r.Signal != s.Key))
            .Select(s => (At: s.Value[run]!.Value > _asOf ? s.Value[run]!.Value : _asOf, Signal: s.Key))
            .OrderBy(a => a.At).ThenBy(a => a.Signal, StringComparer.Ordinal));
    }

    // A suspended project moves only once resumed; the forecast assumes that happens now (and says so).
    private bool Resume(WorkflowState state, DateTimeOffset now)
    {
        var resume = _definition.Interventions.FirstOrDefault(i => i.Effect == InterventionEffect.Resume && i.Role is not null);
        if (resume is null)
        {
            return false;
        }

        var command = new Intervene(Guid.Empty, state.InstanceId, null, Person(resume.Role!), resume.Id, "forecast: assumed resumed now");
        return WorkflowDecider.Decide(state, command, _definition, _calendar, now).Refusal is null;
    }

    private Plan PlanFor(StepState open, DateTimeOffset now, Random random)
    {
        var step = _definition.Step(open.StepId);
        if (open.Status == StepStatus.HeldBySubmitter)
        {
            var asking = (TaskStep)step;
            var since = _heldSince.GetValueOrDefault((open.StepId, open.Round), now);
            var (days, _) = Draw(open, StretchKind.SubmitterHold, null, WorkingDays(since, now), asking.Target.WorkingDays, random);
            return new Plan(End(now, days), step.Line,
                new Resubmit(Guid.Empty, _subject.ProjectId, null, Person(open.Holder!), open.StepId, "forecast"));
        }

        if (step is WaitStep wait)
        {
            var (days, _) = Draw(open, StretchKind.Wait, null, WorkingDays(open.OpenedAt, now), null, random);
            return new Plan(End(now, days), step.Line, new ReceiveSignal(Guid.Empty, _subject.ProjectId, Actor.System, wait.Signal, "forecast"));
        }

        var task = (TaskStep)step;
        var elapsed = open.ElapsedWorkingDays + (open.ClockStartedAt is { } started ? WorkingDays(started, now) : 0);
        var onAgenda = open.MeetingAt is not null && task.DecisionFacts.Any(f => f.AllowedValues.Contains(ReviewTypeOnAgenda));
        var (remaining, sample) = Draw(open, StretchKind.Decision, onAgenda ? ReviewTypeOnAgenda : null, elapsed, task.Target.WorkingDays, random);
        var outcome = sample?.Outcome ?? task.Outcomes.First(o => o.Revision is null).Name;
        var due = End(now, remaining);
        if (open.MeetingAt is { } meeting && meeting > due)
        {
            due = meeting; // the board decides at its meeting, not before
        }

        var facts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var fact in task.DecisionFacts)
        {
            facts[fact.Name] = sample?.ReviewType is { } type && fact.AllowedValues.Contains(type) ? type : Assumed(fact);
        }

        return new Plan(due, step.Line, new CompleteTask(Guid.Empty, _subject.ProjectId, null, Person(task.Role), task.Id, outcome, "forecast", facts));
    }

    /// <summary>
    /// The working days left for a stretch that has used <paramref name="elapsed"/>, and the past stretch drawn. The draw
    /// is conditioned on what is known: only past stretches at least as long as this one has already taken. A stretch
    /// older than every past one is taken to end at once. Without history: the target less the time used.
    /// </summary>
    private (int Days, HistorySample? Sample) Draw(StepState open, StretchKind kind, string? reviewType, int elapsed, int? target, Random random)
    {
        var (pool, _) = PoolFor(open, kind, reviewType);
        if (pool.Length == 0)
        {
            return (Math.Max(0, (target ?? 0) - elapsed), null);
        }

        var first = LowerBound(pool, elapsed);
        var sample = first == pool.Length ? pool[random.Next(pool.Length)] : pool[first + random.Next(pool.Length - first)];
        return (Math.Max(0, sample.WorkingDays - elapsed), sample);
    }

    private (HistorySample[] Pool, string Source) PoolFor(StepState open, StretchKind kind, string? reviewType)
    {
        // A revision outcome is possible only before its last round, so the round is part of what a decision may draw.
        var round = kind == StretchKind.Decision ? open.Round : 0;
        var key = (open.StepId, kind, reviewType, round);
        if (_pools.TryGetValue(key, out var cached))
        {
            return cached;
        }

        Func<HistorySample, bool> fits = _definition.Step(open.StepId) is TaskStep task && kind == StretchKind.Decision
            ? s => task.Outcome(s.Outcome) is { } o && (o.Revision is null || round < o.Revision.MaxRounds)
                && (reviewType is null || s.ReviewType == reviewType)
            : _ => true;
        var found = _history.Pool(_subject.InstitutionId, _subject.Track, open.StepId, kind, fits);
        if (found.Pool.Length == 0 && kind == StretchKind.Wait)
        {
            found = (found.Pool, HistorySources.None); // a wait has no target: without history it is assumed to end at once
        }

        _pools[key] = found;
        _sources.TryAdd((open.StepId, kind), new StepSource(open.StepId, KindName(kind), found.Source, found.Pool.Length, reviewType));
        return found;
    }

    private static int LowerBound(HistorySample[] sorted, int workingDays)
    {
        var (low, high) = (0, sorted.Length);
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (sorted[middle].WorkingDays < workingDays)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private int WorkingDays(DateTimeOffset from, DateTimeOffset to) =>
        _calendar.WorkingDaysBetween(Instant.FromDateTimeOffset(from), Instant.FromDateTimeOffset(to));

    /// <summary>
    /// The end of the <paramref name="workingDays"/>-th working day after <paramref name="from"/>'s, one second before the
    /// calendar's deadline instant, so the monitoring's count of the stretch (<see cref="WorkingDayCalendar.WorkingDaysBetween"/>)
    /// is exactly the days drawn.
    /// </summary>
    private DateTimeOffset End(DateTimeOffset from, int workingDays) => workingDays == 0
        ? from
        : _calendar.AddWorkingDays(Instant.FromDateTimeOffset(from), workingDays).Minus(Duration.FromSeconds(1)).ToDateTimeOffset();

    private static string Assumed(FactDeclaration fact) => fact.Default ?? (fact.AllowedValues.Count > 0 ? fact.AllowedValues[0]
        : fact.Type == FactType.Bool ? "true" : "0");

    private static string KindName(StretchKind kind) => kind switch
    {
        StretchKind.Decision => "decision",
        StretchKind.SubmitterHold => "submitter-hold",
        _ => "wait",
    };

    private static Actor Person(string role) => new($"forecast-{role}", $"Forecast {role}", role, "forecast");

    private sealed record Plan(DateTimeOffset Due, int Line, WorkflowCommand Command);
}
