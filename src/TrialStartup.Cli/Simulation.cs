namespace TrialStartup.Cli;

using TrialStartup.Workflows.Calendars;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Commands;

/// <summary>
/// Walks one in-memory instance through a definition the way the people involved would: each open task takes
/// its scripted outcome or else its first outcome that is not a revision, held work is resubmitted, due timers
/// fire. Revisions happen only when scripted, so the default walk always moves forward and terminates.
/// </summary>
internal sealed class Simulation
{
    /// <summary>A guard against scripts that keep an instance looping; far above any real walk.</summary>
    public const int MaxCommands = 500;

    private static readonly TimeSpan Step = TimeSpan.FromHours(1);

    private readonly WorkflowDefinition _definition;
    private readonly SimulateOptions _options;
    private readonly string _calendarId;
    private readonly SimulationOutput _output;
    private readonly SimulationClock _clock;
    private readonly InMemoryTimerScheduler _timers = new();
    private readonly WorkflowEngine _engine;
    private readonly Guid _instanceId = Guid.NewGuid();
    private readonly Dictionary<string, Queue<ScriptedDecision>> _script;
    private int _commands;
    private int _events;

    public Simulation(WorkflowDefinition definition, DefinitionCatalog catalog, CalendarCatalog calendars, string calendarId,
        SimulateOptions options, SimulationOutput output)
    {
        _definition = definition;
        _options = options;
        _calendarId = calendarId;
        _output = output;
        _clock = new SimulationClock(options.Start);
        _engine = new WorkflowEngine(catalog, calendars, new InMemoryEventStore(), _timers, _clock);
        _script = options.Decisions.GroupBy(d => d.StepId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new Queue<ScriptedDecision>(g), StringComparer.Ordinal);
    }

    /// <summary>Runs the walk; returns the exit code.</summary>
    public async Task<int> RunAsync()
    {
        var start = new StartWorkflow(Guid.NewGuid(), _instanceId, Person(_definition.SubmitterRole), _definition.Id,
            _definition.Version, _calendarId, ProjectFacts());
        if (!await SendAsync(start).ConfigureAwait(false))
        {
            return ExitCodes.Failed;
        }

        for (var i = 0; i < _options.Signals.Count; i++)
        {
            var signal = _options.Signals[i];
            if (!_definition.AllSteps.OfType<WaitStep>().Any(w => w.Signal == signal) && !_definition.Interventions.Any(v => v.OnSignal == signal))
            {
                _output.Note($"no wait step or intervention of {_definition} listens for signal '{signal}'");
            }

            // Each --signal is its own publication, so giving one twice (suspended, resumed, suspended again) is allowed.
            var reference = $"simulate --signal #{i + 1}";
            if (!await SendAsync(new ReceiveSignal(Guid.NewGuid(), _instanceId, Actor.System, signal, reference)).ConfigureAwait(false))
            {
                return ExitCodes.Failed;
            }
        }

        while (true)
        {
            var state = await _engine.LoadAsync(_instanceId).ConfigureAwait(false);
            if (state.Status == InstanceStatus.Ended)
            {
                _output.Summary($"result: {state.Result} after {Count(_commands, "command")}, {Count(_events, "event")}");
                foreach (var unused in _script.Values.SelectMany(q => q))
                {
                    _output.Note($"scripted decision --decide {unused.Text} was not used: the step did not open for it");
                }

                return ExitCodes.Ok;
            }

            if (_commands >= MaxCommands)
            {
                _output.Error($"stopped after {MaxCommands} commands without reaching an end step: the scripted decisions keep the instance looping");
                return ExitCodes.Failed;
            }

            var command = (WorkflowCommand?)DueTimer() ?? NextMove(state);
            if (command is null)
            {
                ReportBlocked(state);
                return ExitCodes.Failed;
            }

            if (!await SendAsync(command).ConfigureAwait(false))
            {
                return ExitCodes.Failed;
            }
        }
    }

    /// <summary>A timer that fell due as the clock moved on; firing it is part of a faithful walk.</summary>
    private FireTimer? DueTimer()
    {
        // Armed is ordered by due time; the engine disarms a timer when it fires or is cancelled.
        var due = _timers.Armed.FirstOrDefault(t => t.InstanceId == _instanceId && t.DueAt <= _clock.GetUtcNow());
        return due is null ? null : new FireTimer(Guid.NewGuid(), _instanceId, due.TimerId);
    }

    /// <summary>The first open step, in file order, that someone can act on; <c>null</c> when nothing can move.</summary>
    private WorkflowCommand? NextMove(WorkflowState state)
    {
        if (state.Status != InstanceStatus.Running)
        {
            return null;
        }

        foreach (var open in state.OpenSteps.OrderBy(s => _definition.Step(s.StepId).Line))
        {
            if (open.Status == StepStatus.HeldBySubmitter)
            {
                return new Resubmit(Guid.NewGuid(), _instanceId, state.Version, Person(open.Holder!), open.StepId, "Simulated resubmission");
            }

            if (_definition.Step(open.StepId) is TaskStep task && Decide(task, state) is { } decision)
            {
                return decision;
            }
        }

        return null;
    }

    private CompleteTask? Decide(TaskStep task, WorkflowState state)
    {
        string outcome;
        string reason;
        IReadOnlyDictionary<string, string> given;
        if (_script.TryGetValue(task.Id, out var queue) && queue.TryDequeue(out var scripted))
        {
            (outcome, reason, given) = (scripted.Outcome, $"scripted: --decide {scripted.Text}", scripted.DecisionFacts);
        }
        else if (task.Outcomes.FirstOrDefault(o => o.Revision is null) is { } first)
        {
            (outcome, reason, given) = (first.Name, "default: first outcome that is not a revision", new Dictionary<string, string>());
        }
        else
        {
            return null;
        }

        var facts = new Dictionary<string, string>(given, StringComparer.Ordinal);
        foreach (var fact in task.DecisionFacts.Where(f => !facts.ContainsKey(f.Name)))
        {
            facts[fact.Name] = Assume(fact);
            _output.Note($"{task.Id}: decision fact {fact.Name} not scripted; using {fact.Name}={facts[fact.Name]}");
        }

        return new CompleteTask(Guid.NewGuid(), _instanceId, state.Version, Person(task.Role), task.Id, outcome, reason, facts);
    }

    /// <summary>The project facts given, plus an assumed value (noted) for each required fact that was not.</summary>
    private Dictionary<string, string> ProjectFacts()
    {
        var facts = new Dictionary<string, string>(_options.Facts, StringComparer.Ordinal);
        foreach (var fact in _definition.Facts.Where(f => f.Default is null && !facts.ContainsKey(f.Name)))
        {
            facts[fact.Name] = Assume(fact);
            _output.Note($"project fact {fact.Name} not given; assuming {fact.Name}={facts[fact.Name]} (set it with --facts)");
        }

        return facts;
    }

    /// <summary>A value for a fact nobody gave: its default, else the first allowed value, else true or 0.</summary>
    private static string Assume(FactDeclaration fact) => fact.Default ?? fact.Type switch
    {
        FactType.Bool => "true",
        FactType.Number => "0",
        _ => fact.AllowedValues.Count > 0 ? fact.AllowedValues[0] : "simulated",
    };

    private void ReportBlocked(WorkflowState state)
    {
        _output.Summary($"blocked after {Count(_commands, "command")}: nothing can move");
        foreach (var open in state.OpenSteps.OrderBy(s => _definition.Step(s.StepId).Line))
        {
            var why = _definition.Step(open.StepId) switch
            {
                WaitStep wait => $"waits for signal {wait.Signal} (not given: add --signal {wait.Signal})",
                TaskStep task => $"has only revision outcomes and none is scripted (add --decide {task.Id}=<outcome>)",
                _ => $"is {open.Status}",
            };
            _output.Summary($"  {open.StepId} {why}");
        }

        if (state.Status == InstanceStatus.Suspended)
        {
            _output.Summary("  the instance is suspended");
        }
    }

    /// <summary>Sends one command, prints its events and moves the clock on; <c>false</c> after printing a refusal.</summary>
    private async Task<bool> SendAsync(WorkflowCommand command)
    {
        var result = await _engine.HandleAsync(command).ConfigureAwait(false);
        _commands++;
        _clock.Advance(Step);
        if (!result.IsAccepted)
        {
            _output.Error($"refused: {result.Refusal!.Code}: {result.Refusal.Message}");
            return false;
        }

        foreach (var recorded in result.Events)
        {
            _output.Event(recorded);
        }

        _events += result.Events.Count;
        return true;
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    /// <summary>A made-up person acting in <paramref name="role"/>, so every decision is attributed as in real use.</summary>
    private static Actor Person(string role) =>
        new($"simulated-{role}", $"Simulated {role}", role, role == Roles.Sponsor ? "Simulated sponsor" : "Simulated site");
}
