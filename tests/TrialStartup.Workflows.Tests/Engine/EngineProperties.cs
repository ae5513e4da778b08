namespace TrialStartup.Workflows.Tests.Engine;

using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TrialStartup.Workflows.Definitions;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Commands;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// Properties over random command sequences on every shipped definition: random choices pick among the moves the
/// state offers (decisions with any outcome, resubmissions, signals, timers, interventions) and moves it should
/// refuse (wrong role, stale version, repeated command id). Moves read on an earlier state are delivered later,
/// interleaved with other branches' decisions, signals and timers, as people deciding in parallel would: a command
/// naming a task that is still open is never refused as a conflict. Then the instance is driven to its end.
/// </summary>
public sealed class EngineProperties
{
    private static readonly string[] DefinitionIds =
        ["standard-site-startup", "multicenter-lead-site", "multicenter-participating-site", "innovative-green-channel"];

    [Property(MaxTest = 150)]
    public Property AnyCommandSequence_KeepsTheEngineInvariants(NonNegativeInt definition, int[] choices, bool flag) =>
        Run(DefinitionIds[definition.Get % DefinitionIds.Length], choices, flag).ToProperty();

    private static bool Run(string definitionId, int[] choices, bool flag)
    {
        var scenario = Scenario.GivenShipped(definitionId);
        var facts = definitionId switch
        {
            "multicenter-participating-site" => [("acceptsLeadEthics", flag ? "true" : "false")],
            "innovative-green-channel" => new[] { ("preSubmissionGuidance", flag ? "true" : "false") },
            _ => [],
        };
        var incremental = new WorkflowState(scenario.InstanceId);
        var history = new List<WorkflowCommand>();
        var readEarlier = new List<WorkflowCommand>(); // decisions and resubmissions made on a state that has moved on since

        void Do(WorkflowCommand command)
        {
            var before = scenario.Store.ReadAsync(scenario.InstanceId).GetAwaiter().GetResult();
            var result = scenario.When(command).GetAwaiter().GetResult();
            var after = scenario.Store.ReadAsync(scenario.InstanceId).GetAwaiter().GetResult();
            var isRepeat = history.Contains(command);
            history.Add(command);
            if (!isRepeat && NamesAnOpenTask(command, incremental))
            {
                // Whatever else happened since it was read, its own task is still the one it names.
                Assert.NotEqual(CommandStatus.Conflict, result.Status);
            }

            if (command is ReceiveSignal signal && !isRepeat)
            {
                AssertSignalIsAFact(signal, incremental, result);
            }

            if (!result.IsAccepted || result.IsRepeat)
            {
                // Refused, conflicting and repeated commands leave the stream exactly as it was.
                Assert.Equal(before, after);
                return;
            }

            Assert.Equal(before, after.Take(before.Count));
            foreach (var e in result.Events)
            {
                incremental.Apply(e.Event);
            }

            // Replay of the stored stream (through its JSON form, as a database would keep it) gives the same state.
            var replayed = WorkflowState.Fold(scenario.InstanceId, after.Select(e => WorkflowEventJson.Deserialize(WorkflowEventJson.Serialize(e.Event))));
            Assert.Equal(Canonical(incremental), Canonical(replayed));
        }

        Do(new StartWorkflow(Guid.NewGuid(), scenario.InstanceId, Scenario.As(Roles.SiteOffice), definitionId, null, "cn-mainland",
            facts.ToDictionary(f => f.Item1, f => f.Item2)));
        foreach (var choice in choices)
        {
            scenario.Clock.Advance(TimeSpan.FromHours(1 + (Math.Abs(choice) % 40)));
            var moves = Moves(scenario, history, includeInvalid: true);
            var chosen = Math.Abs(choice % (moves.Count + readEarlier.Count));
            Do(chosen < moves.Count ? moves[chosen] : readEarlier[chosen - moves.Count]);
            readEarlier = [.. moves.Where(m => m is CompleteTask { Round: not null } or Resubmit { Round: not null })];
        }

        // Drive to the end with forward moves only; every instance must be able to finish.
        for (var i = 0; i < 200 && scenario.State().GetAwaiter().GetResult().Status != InstanceStatus.Ended; i++)
        {
            scenario.Clock.Advance(TimeSpan.FromHours(3));
            Do(Moves(scenario, history, includeInvalid: false)[0]);
        }

        var state = scenario.State().GetAwaiter().GetResult();
        Assert.Equal(InstanceStatus.Ended, state.Status);
        AssertEveryBranchClosedExactlyOnce(scenario.Events().GetAwaiter().GetResult());
        Assert.Empty(state.OpenSteps);
        Assert.Empty(state.Timers);
        return true;
    }

    /// <summary>
    /// A signal to a live instance is recorded unless it is a redelivery of a publication already in, whatever its
    /// intervention makes of it; and it is recorded first, before anything it causes.
    /// </summary>
    private static void AssertSignalIsAFact(ReceiveSignal signal, WorkflowState before, CommandResult result)
    {
        if (before.Status is InstanceStatus.NotStarted or InstanceStatus.Ended)
        {
            Assert.False(result.IsAccepted);
            return;
        }

        var redelivered = before.SignalReceipts.Any(r => r.IsSamePublication(signal.Signal, signal.Reference));
        Assert.Equal(redelivered ? RefusalCodes.SignalAlreadyReceived : null, result.Refusal?.Code);
        if (!redelivered)
        {
            var received = Assert.IsType<SignalReceived>(result.Events[0].Event);
            Assert.Equal((signal.Signal, signal.Reference), (received.Signal, received.Reference));
            Assert.DoesNotContain(result.Events.Skip(1), e => e.Event is SignalReceived);
        }
    }

    private static void AssertEveryBranchClosedExactlyOnce(IReadOnlyList<WorkflowEvent> events)
    {
        var opened = events.Select(e => e switch { BranchStarted s => s.BranchId, BranchSkipped s => s.BranchId, _ => null }).OfType<string>().ToList();
        var closed = events.Select(e => e switch
        {
            BranchCompleted c => c.BranchId,
            BranchSkipped s => s.BranchId,
            BranchCancelled c => c.BranchId,
            _ => null,
        }).OfType<string>().ToList();

        Assert.Equal(opened.Distinct().Count(), opened.Count);
        Assert.Equal(opened.Order(StringComparer.Ordinal), closed.Order(StringComparer.Ordinal));
    }

    /// <summary>The commands worth trying now; forward moves first, so index 0 always makes progress.</summary>
    private static List<WorkflowCommand> Moves(Scenario scenario, List<WorkflowCommand> history, bool includeInvalid)
    {
        var state = scenario.State().GetAwaiter().GetResult();
        var definition = scenario.Definition;
        var id = scenario.InstanceId;
        var version = state.Version;
        var moves = new List<WorkflowCommand>();
        var forward = new List<WorkflowCommand>();

        if (state.Status == InstanceStatus.Suspended)
        {
            forward.Add(new Intervene(Guid.NewGuid(), id, version, Scenario.As(Roles.EthicsCommittee), "resume-ethics-approval"));
        }

        foreach (var open in state.OpenSteps)
        {
            if (open.Status == StepStatus.HeldBySubmitter)
            {
                forward.Add(new Resubmit(Guid.NewGuid(), id, version, Scenario.As(open.Holder!), open.StepId));
                moves.Add(new Resubmit(Guid.NewGuid(), id, null, Scenario.As(open.Holder!), open.StepId, "by round", open.Round));
            }
            else if (definition.Step(open.StepId) is TaskStep task)
            {
                var facts = task.DecisionFacts.ToDictionary(f => f.Name, f => f.AllowedValues.FirstOrDefault() ?? "true");
                foreach (var outcome in task.Outcomes.OrderBy(o => o.Revision is null ? 0 : 1))
                {
                    var decide = new CompleteTask(Guid.NewGuid(), id, version, Scenario.As(task.Role), task.Id, outcome.Name, "property", facts);
                    (outcome.Revision is null && forward.Count == 0 ? forward : moves).Add(decide);
                    moves.Add(decide with { CommandId = Guid.NewGuid(), ExpectedVersion = null, Round = open.Round });
                }

                moves.Add(new CompleteTask(Guid.NewGuid(), id, version, Scenario.As(Roles.Sponsor == task.Role ? Roles.PrincipalInvestigator : Roles.Sponsor),
                    task.Id, task.Outcomes[0].Name, "wrong role", facts));
            }
            else if (definition.Step(open.StepId) is WaitStep wait)
            {
                forward.Add(new ReceiveSignal(Guid.NewGuid(), id, Actor.System, wait.Signal));
            }
        }

        foreach (var timer in state.Timers.Values)
        {
            moves.Add(new FireTimer(Guid.NewGuid(), id, timer.TimerId));
        }

        foreach (var intervention in definition.Interventions)
        {
            // A signal-only intervention has no role: a person asking for it is a move the engine must refuse.
            moves.Add(new Intervene(Guid.NewGuid(), id, version, Scenario.As(intervention.Role ?? Roles.EthicsCommittee), intervention.Id));
            if (intervention.OnSignal is { } signal)
            {
                // A new publication each time (the lead suspends, resumes, suspends again) and a redelivery of the first.
                moves.Add(new ReceiveSignal(Guid.NewGuid(), id, Actor.System, signal, $"lead-project@{history.Count}"));
                moves.Add(new ReceiveSignal(Guid.NewGuid(), id, Actor.System, signal, "lead-project@1"));
            }
        }

        if (includeInvalid)
        {
            moves.Add(new ReceiveSignal(Guid.NewGuid(), id, Actor.System, "lead-ethics-approval"));
            moves.Add(new FireTimer(Guid.NewGuid(), id, "no-such-timer"));
            if (version > 1)
            {
                moves.Add(new CompleteTask(Guid.NewGuid(), id, version - 1, Scenario.As(Roles.SiteOffice), "intake", "complete"));
            }

            if (history.Count > 0)
            {
                moves.Add(history[history.Count / 2]); // a repeated command id
            }
        }

        return [.. forward, .. moves];
    }

    private static bool NamesAnOpenTask(WorkflowCommand command, WorkflowState state) => command switch
    {
        CompleteTask { Round: { } round } c => state.Steps.TryGetValue(c.StepId, out var s) && s is { Status: StepStatus.Active } && s.Round == round,
        Resubmit { Round: { } round } r => state.Steps.TryGetValue(r.StepId, out var s) && s is { Status: StepStatus.HeldBySubmitter } && s.Round == round,
        _ => false,
    };

    private static string Canonical(WorkflowState state) => JsonSerializer.Serialize(state, WorkflowEventJson.Options);
}
