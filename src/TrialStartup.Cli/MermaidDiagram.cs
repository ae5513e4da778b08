namespace TrialStartup.Cli;

using System.Text;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// Renders a definition as a Mermaid <c>flowchart TD</c>. Every node is declared first, inside the subgraph it
/// belongs to, and every edge after all subgraphs: Mermaid places a node in the subgraph where it is first
/// mentioned, so an edge written inside a branch would drag a step of another scope into that branch.
/// </summary>
internal sealed class MermaidDiagram
{
    private const string Indent = "    ";

    private readonly WorkflowDefinition _definition;
    private readonly StringBuilder _text = new();

    private MermaidDiagram(WorkflowDefinition definition) => _definition = definition;

    /// <summary>The diagram's text, ending with a newline.</summary>
    public static string Render(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var diagram = new MermaidDiagram(definition);
        diagram.Write();
        return diagram._text.ToString();
    }

    /// <summary>
    /// The node id of a step. Step ids may contain dashes, which Mermaid reads as edge syntax, and may be words
    /// Mermaid reserves (<c>end</c>), so they get a prefix and underscores. Step ids never contain underscores,
    /// so the mapping cannot make two ids collide, and each kind of node has its own prefix.
    /// </summary>
    public static string NodeId(string stepId) => "s_" + Safe(stepId);

    /// <summary>The id of a parallel block's join node.</summary>
    public static string JoinNodeId(string blockId) => "j_" + Safe(blockId);

    /// <summary>The id of a parallel block's subgraph (its fork node carries the step's own <see cref="NodeId"/>).</summary>
    public static string BlockId(string blockId) => "p_" + Safe(blockId);

    /// <summary>The id of a branch's subgraph.</summary>
    public static string BranchId(string branchId) => "b_" + Safe(branchId);

    private static string Safe(string id) => id.Replace('-', '_');

    private void Write()
    {
        Line(0, "flowchart TD");
        Line(1, $"%% {_definition.Id} v{_definition.Version}{(_definition.Title is { } title ? ": " + title : "")}");
        foreach (var intervention in _definition.Interventions)
        {
            // Interventions can happen at any time, so they are no edges; noting them keeps the diagram complete.
            var after = intervention.AvailableAfter.Count == 0 ? "" : $" after {string.Join(" or ", intervention.AvailableAfter)}";
            var effect = intervention.Effect.ToString().ToLowerInvariant();
            var who = (intervention.Role, intervention.OnSignal) switch
            {
                ({ } role, null) => $"{role} may {effect}",
                (null, { } signal) => $"{effect} when signal {signal} arrives",
                var (role, signal) => $"{role} may {effect}, and it happens when signal {signal} arrives",
            };
            Line(1, $"%% intervention {intervention.Id}: {who}{after}");
        }

        Line(1, "start((\"start\"))");
        DeclareSteps(_definition.Steps, 1);
        Line(1, $"start --> {NodeId(_definition.Steps[0].Id)}");
        foreach (var step in _definition.AllSteps.OrderBy(s => s.Line))
        {
            WriteEdges(step);
        }
    }

    private void DeclareSteps(IEnumerable<StepDefinition> steps, int depth)
    {
        foreach (var step in steps)
        {
            var label = Escape(step.Title ?? step.Id);
            switch (step)
            {
                case TaskStep task:
                    Line(depth, $"{NodeId(task.Id)}[\"{label}<br/>{task.Role} · {task.Target.WorkingDays} wd\"]");
                    break;
                case ChoiceStep choice:
                    Line(depth, $"{NodeId(choice.Id)}{{\"{label}\"}}");
                    break;
                case WaitStep wait:
                    Line(depth, $"{NodeId(wait.Id)}{{{{\"{label}<br/>waits for signal {Escape(wait.Signal)}\"}}}}");
                    break;
                case EndStep end:
                    // An untitled end step is best told by its result; its id usually just repeats the result.
                    var ending = end.Title is null ? $"end: {Escape(end.Result)}" : $"{label}<br/>result: {Escape(end.Result)}";
                    Line(depth, $"{NodeId(end.Id)}([\"{ending}\"])");
                    break;
                case ParallelStep block:
                    DeclareBlock(block, label, depth);
                    break;
            }
        }
    }

    private void DeclareBlock(ParallelStep block, string label, int depth)
    {
        Line(depth, $"subgraph {BlockId(block.Id)}[\"{label}\"]");
        Line(depth + 1, $"{NodeId(block.Id)}((\"fork\"))");
        foreach (var branch in block.Branches)
        {
            var when = branch.When is { } condition ? $" · when {Escape(condition.Text)}" : "";
            Line(depth + 1, $"subgraph {BranchId(branch.Id)}[\"branch {Escape(branch.Id)}{when}\"]");
            DeclareSteps(branch.Steps, depth + 2);
            Line(depth + 1, "end");
        }

        var join = block.Join.Mode switch
        {
            JoinMode.All => "all",
            JoinMode.Any => "any",
            _ => $"at least {block.Join.Required}",
        };
        Line(depth + 1, $"{JoinNodeId(block.Id)}((\"join: {join}\"))");
        Line(depth, "end");
    }

    private void WriteEdges(StepDefinition step)
    {
        var from = NodeId(step.Id);
        switch (step)
        {
            case TaskStep task:
                foreach (var outcome in task.Outcomes)
                {
                    if (outcome.Revision is { } revision)
                    {
                        // Dotted, so loops stand apart from the forward path; the label says who revises and the cap.
                        var label = $"{outcome.Name}: {revision.HolderRole} revises · max {revision.MaxRounds} rounds{Published(outcome.Publish)}";
                        Line(1, $"{from} -.->|\"{Escape(label)}\"| {NodeId(revision.ReturnTo)}");
                    }
                    else
                    {
                        Line(1, $"{from} -->|\"{Escape(outcome.Name + Published(outcome.Publish))}\"| {Target(step, outcome.Next!)}");
                    }
                }

                break;
            case ChoiceStep choice:
                foreach (var @case in choice.Cases)
                {
                    Line(1, $"{from} -->|\"{Escape(@case.When.Text)}\"| {Target(step, @case.Next)}");
                }

                Line(1, $"{from} -->|\"otherwise\"| {Target(step, choice.Otherwise)}");
                break;
            case WaitStep wait:
                Line(1, $"{from} -->|\"{Escape(wait.Signal)} received\"| {Target(step, wait.Next)}");
                break;
            case ParallelStep block:
                foreach (var branch in block.Branches.Where(b => b.Steps.Count > 0))
                {
                    var edge = branch.When is { } condition ? $" -->|\"when {Escape(condition.Text)}\"| " : " --> ";
                    Line(1, $"{from}{edge}{NodeId(branch.Steps[0].Id)}");
                }

                Line(1, $"{JoinNodeId(block.Id)} --> {Target(step, block.Next)}");
                break;
        }
    }

    /// <summary>Where an outcome, case or next leads: a step's node, or the join node of the branch's block.</summary>
    private static string Target(StepDefinition from, string target) =>
        target == WorkflowDefinition.JoinTarget ? JoinNodeId(from.Branch!.Block.Id) : NodeId(target);

    private static string Published(string? signal) => signal is null ? "" : $" · publishes {signal}";

    /// <summary>
    /// Makes text safe inside a quoted Mermaid label: quotes would end it and angle brackets would be read as
    /// HTML. Mermaid writes entities as <c>#name;</c>, so a literal <c>#</c> is escaped first.
    /// </summary>
    private static string Escape(string text) => text
        .Replace("#", "#35;", StringComparison.Ordinal)
        .Replace("\"", "#quot;", StringComparison.Ordinal)
        .Replace("<", "#lt;", StringComparison.Ordinal)
        .Replace(">", "#gt;", StringComparison.Ordinal);

    private void Line(int depth, string text)
    {
        for (var i = 0; i < depth; i++)
        {
            _text.Append(Indent);
        }

        _text.Append(text).Append('\n');
    }
}
