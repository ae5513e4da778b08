namespace TrialStartup.Api.Workspace;

using TrialStartup.Web.Workspace;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// Draws a workflow definition as the project page shows it: its top-level steps in order, a parallel step as one lane
/// per branch (the three reviews side by side), each step open (current), done (closed, with its last outcome) or
/// pending. End steps other than the one the project reached are left out: they are where a path stops, not a stage;
/// a task instead names the outcomes that lead to them, with its target and where its change requests go.
/// </summary>
public static class ProjectPaths
{
    /// <summary>The path of <paramref name="definition"/> for a project at <paramref name="current"/> steps.</summary>
    public static ProjectPath Draw(WorkflowDefinition definition, IReadOnlySet<string> current, IReadOnlyDictionary<string, string> closed,
        string? result)
    {
        ArgumentNullException.ThrowIfNull(definition);
        PathStep? StepOf(StepDefinition step) => step switch
        {
            EndStep end when end.Result != "activated" && end.Result != result => null,
            EndStep end => new PathStep(end.Id, null, end.Result == result ? "done" : "pending", null),
            TaskStep task => new PathStep(task.Id, task.Role, StateOf(task), closed.GetValueOrDefault(task.Id), task.Target.WorkingDays,
                task.Outcomes.Select(o => o.Revision?.HolderRole).FirstOrDefault(r => r is not null),
                [.. task.Outcomes.Where(o => o.Next is { } next && definition.FindStep(next) is EndStep { Result: not "activated" }).Select(o => o.Name)]),
            _ => new PathStep(step.Id, null, StateOf(step), closed.GetValueOrDefault(step.Id)),
        };
        string StateOf(StepDefinition step) => current.Contains(step.Id) ? "open" : closed.ContainsKey(step.Id) ? "done" : "pending";

        var stages = new List<PathStage>();
        foreach (var step in definition.Steps)
        {
            if (step is ParallelStep parallel)
            {
                stages.Add(new PathStage(parallel.Id, [.. parallel.Branches.Select(b =>
                    new PathLane(b.Id, Settled(definition, [.. b.Steps.Select(StepOf).OfType<PathStep>()])))]));
            }
            else if (StepOf(step) is { } drawn)
            {
                stages.Add(new PathStage(step.Id, [new PathLane(step.Id, [drawn])]));
            }
        }

        // The same between stages: a top-level choice is settled once a later stage has begun.
        var begun = false;
        for (var i = stages.Count - 1; i >= 0; i--)
        {
            var lane = stages[i].Lanes;
            if (lane is [{ Steps: [var only] }] && SettledChoice(definition, only, begun) is { } settled)
            {
                stages[i] = stages[i] with { Lanes = [lane[0] with { Steps = [settled] }] };
            }

            begun |= stages[i].Lanes.Any(l => l.Steps.Any(Begun));
        }

        return new ProjectPath(definition.Title ?? definition.Id, stages);
    }

    // A choice is made the moment the path reaches it and takes no time, so no duration records it as closed: it is
    // done once a step after it has begun (left pending, it would read "not started" under a step already running).
    private static List<PathStep> Settled(WorkflowDefinition definition, List<PathStep> steps)
    {
        var begun = false;
        for (var i = steps.Count - 1; i >= 0; i--)
        {
            steps[i] = SettledChoice(definition, steps[i], begun) ?? steps[i];
            begun |= Begun(steps[i]);
        }

        return steps;
    }

    private static PathStep? SettledChoice(WorkflowDefinition definition, PathStep step, bool laterBegun) =>
        laterBegun && step.State == "pending" && definition.FindStep(step.Id) is ChoiceStep ? step with { State = "done" } : null;

    private static bool Begun(PathStep step) => step.State is "open" or "done";
}
