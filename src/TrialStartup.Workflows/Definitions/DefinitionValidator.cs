namespace TrialStartup.Workflows.Definitions;

/// <summary>
/// The checks that need the whole definition: where outcomes lead, what can be reached, loops, and joins.
/// Runs after every step has been read, so problems in one step never hide problems in another.
/// </summary>
internal static class DefinitionValidator
{
    public static void Validate(WorkflowDefinition definition, string file, List<DefinitionProblem> problems)
    {
        void Problem(StepDefinition step, int line, string message) => problems.Add(new DefinitionProblem(file, line, step.Id, message));

        foreach (var step in definition.AllSteps)
        {
            foreach (var (target, line) in Targets(step))
            {
                CheckTarget(definition, step, target, line, Problem);
            }

            if (step is TaskStep task)
            {
                foreach (var outcome in task.Outcomes.Where(o => o.Revision is not null))
                {
                    var returnTo = definition.FindStep(outcome.Revision!.ReturnTo);
                    if (returnTo is not null and not TaskStep)
                    {
                        Problem(step, outcome.Line, $"outcome '{outcome.Name}' returns revised work to '{returnTo.Id}', which is not a human task");
                    }
                }
            }
        }

        foreach (var intervention in definition.Interventions)
        {
            foreach (var after in intervention.AvailableAfter.Where(a => definition.FindStep(a) is null))
            {
                problems.Add(new DefinitionProblem(file, intervention.Line, null,
                    $"intervention '{intervention.Id}' is available after unknown step '{after}'"));
            }
        }

        // The graph checks follow only targets that exist (the bad ones are reported above), so one run reports all.
        if (definition.Steps.Count == 0)
        {
            return;
        }

        CheckReachable(definition, Problem);
        CheckLoops(definition, Problem);
        CheckJoins(definition, Problem);
    }

    /// <summary>Every reference a step makes, with the line it is made on; revision returns included.</summary>
    private static IEnumerable<(string Target, int Line)> Targets(StepDefinition step) => step switch
    {
        TaskStep task => task.Outcomes.Select(o => (o.Next ?? o.Revision!.ReturnTo, o.Line)),
        _ => step.Successors.Select(s => (s, step.Line)),
    };

    private static void CheckTarget(WorkflowDefinition definition, StepDefinition step, string target, int line,
        Action<StepDefinition, int, string> problem)
    {
        var next = definition.FindStep(target);
        if (target == WorkflowDefinition.JoinTarget)
        {
            if (step.Branch is null)
            {
                problem(step, line, "'join' finishes a parallel branch, but this step is not inside one");
            }
        }
        else if (next is null)
        {
            problem(step, line, $"leads to '{target}', which is no step of this definition");
        }
        else if (next.Branch != step.Branch)
        {
            // A branch joins back into its own block only: jumping in or out of a branch would make the join uncountable.
            problem(step, line, $"leads to '{target}' in {Scope(next)}, but a step can only lead to steps in its own {Scope(step)}");
        }
    }

    private static string Scope(StepDefinition step) => step.Branch is null ? "top level" : $"branch '{step.Branch.Id}'";

    private static IEnumerable<string> Edges(WorkflowDefinition definition, StepDefinition step, bool withRevisions) =>
        AllEdges(step, withRevisions).Where(id => definition.FindStep(id) is not null);

    private static IEnumerable<string> AllEdges(StepDefinition step, bool withRevisions)
    {
        foreach (var successor in step.Successors.Where(s => s != WorkflowDefinition.JoinTarget))
        {
            yield return successor;
        }

        if (step is ParallelStep block)
        {
            foreach (var branch in block.Branches.Where(b => b.Steps.Count > 0))
            {
                yield return branch.Steps[0].Id;
            }
        }

        if (withRevisions && step is TaskStep task)
        {
            foreach (var outcome in task.Outcomes.Where(o => o.Revision is not null))
            {
                yield return outcome.Revision!.ReturnTo;
            }
        }
    }

    private static void CheckReachable(WorkflowDefinition definition, Action<StepDefinition, int, string> problem)
    {
        var seen = new HashSet<string>();
        var pending = new Stack<string>([definition.Steps[0].Id]);
        while (pending.TryPop(out var id))
        {
            if (seen.Add(id))
            {
                foreach (var next in Edges(definition, definition.Step(id), withRevisions: true))
                {
                    pending.Push(next);
                }
            }
        }

        foreach (var step in definition.AllSteps.Where(s => !seen.Contains(s.Id)))
        {
            problem(step, step.Line, "cannot be reached from the first step: no outcome, case or branch leads here");
        }
    }

    private static void CheckLoops(WorkflowDefinition definition, Action<StepDefinition, int, string> problem)
    {
        // Depth-first search over forward edges only; a back edge is a loop that is not a declared revision loop.
        var state = new Dictionary<string, bool>(); // false: on the current path, true: finished
        var path = new List<string>();
        var reported = new HashSet<string>();

        void Visit(string id)
        {
            state[id] = false;
            path.Add(id);
            foreach (var next in Edges(definition, definition.Step(id), withRevisions: false))
            {
                if (!state.TryGetValue(next, out var finished))
                {
                    Visit(next);
                }
                else if (!finished && reported.Add(id))
                {
                    var loop = string.Join(" -> ", path.Skip(path.IndexOf(next)).Append(next));
                    var step = definition.Step(id);
                    problem(step, step.Line,
                        $"loop {loop} is not a declared revision loop: send work back with an outcome's 'revise' instead");
                }
            }

            path.RemoveAt(path.Count - 1);
            state[id] = true;
        }

        foreach (var step in definition.AllSteps.Where(s => !state.ContainsKey(s.Id)))
        {
            Visit(step.Id);
        }
    }

    private static void CheckJoins(WorkflowDefinition definition, Action<StepDefinition, int, string> problem)
    {
        foreach (var block in definition.AllSteps.OfType<ParallelStep>())
        {
            var count = block.Branches.Count;
            if (block.Join.Mode == JoinMode.AtLeast && (block.Join.Required < 1 || block.Join.Required > count))
            {
                problem(block, block.Line, $"join needs {block.Join.Required} of {count} branches, which can never happen");
                continue;
            }

            var finishing = block.Branches.Where(b => b.Steps.Count > 0 && CanReachJoin(definition, b.Steps[0])).ToList();
            var required = block.Join.RequiredOf(count);
            foreach (var branch in block.Branches.Except(finishing).Where(_ => block.Join.Mode == JoinMode.All))
            {
                problem(block, branch.Line, $"branch '{branch.Id}' never reaches 'join', so the join (all) can never complete");
            }

            if (block.Join.Mode != JoinMode.All && finishing.Count < required)
            {
                problem(block, block.Line, $"only {finishing.Count} branches can reach 'join' but the join needs {required}");
            }
        }
    }

    private static bool CanReachJoin(WorkflowDefinition definition, StepDefinition first)
    {
        var seen = new HashSet<string>();
        var pending = new Stack<StepDefinition>([first]);
        while (pending.TryPop(out var step))
        {
            if (!seen.Add(step.Id))
            {
                continue;
            }

            foreach (var next in step.Successors)
            {
                if (next == WorkflowDefinition.JoinTarget)
                {
                    return true;
                }

                if (definition.FindStep(next) is { } found)
                {
                    pending.Push(found);
                }
            }
        }

        return false;
    }
}
