namespace TrialStartup.Workflows.Definitions;

using TrialStartup.Workflows.Conditions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

/// <summary>
/// Loads workflow definition files (YAML, or JSON, which is YAML too) and validates them completely: every
/// problem is reported with file, line and step, and a file with any problem yields no definition at all.
/// </summary>
public static class DefinitionLoader
{
    private static readonly string[] StepTypes = ["task", "parallel", "choice", "wait", "end"];

    /// <summary>Loads one file; throws <see cref="DefinitionLoadException"/> listing every problem.</summary>
    public static WorkflowDefinition Load(string path) => Parse(path, File.ReadAllText(path));

    /// <summary>Parses a definition's text; <paramref name="file"/> is used in problem reports.</summary>
    public static WorkflowDefinition Parse(string file, string text)
    {
        var (definition, problems) = TryParse(file, text);
        return problems.Count == 0 ? definition! : throw new DefinitionLoadException(problems);
    }

    /// <summary>Parses a definition's text and returns it with no problems, or <c>null</c> with every problem.</summary>
    public static (WorkflowDefinition? Definition, IReadOnlyList<DefinitionProblem> Problems) TryParse(string file, string text)
    {
        var problems = new List<DefinitionProblem>();
        YamlNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count != 1)
            {
                return (null, [new DefinitionProblem(file, 1, null, $"expected exactly one document, found {stream.Documents.Count}")]);
            }

            root = stream.Documents[0].RootNode;
        }
        catch (YamlException e)
        {
            // Duplicate keys surface here too: YamlDotNet refuses them while building the mapping.
            var message = e.InnerException?.Message ?? e.Message;
            return (null, [new DefinitionProblem(file, (int)e.Start.Line, null, $"not valid YAML: {message}")]);
        }

        var builder = new Builder(file, problems);
        var definition = builder.Build(root, FileContentHash.Of(text));
        if (definition is not null)
        {
            DefinitionValidator.Validate(definition, file, problems);
        }

        problems.Sort((a, b) => a.Line.CompareTo(b.Line));
        return problems.Count == 0 ? (definition, problems) : (null, problems);
    }

    private sealed class Builder(string file, List<DefinitionProblem> problems)
    {
        private readonly Dictionary<string, StepDefinition> _steps = new(StringComparer.Ordinal);
        private readonly HashSet<string> _branchIds = new(StringComparer.Ordinal);
        private IReadOnlyList<FactDeclaration> _facts = [];
        private string _submitter = Roles.SiteOffice;

        public WorkflowDefinition? Build(YamlNode root, string hash)
        {
            var fields = new YamlFields(root, file, null, problems, "the definition",
                "id", "version", "title", "priority", "submitter", "facts", "steps", "interventions");
            var id = fields.String("id", required: true);
            if (id is not null && !IsIdentifier(id))
            {
                fields.Problem(fields.Node("id")!, $"id '{id}' must be lowercase letters, digits and dashes");
            }

            var version = fields.Int("version", required: true, min: 1);
            var priority = fields.String("priority") ?? "normal";
            if (priority is not ("normal" or "high"))
            {
                fields.Problem(fields.Node("priority")!, $"priority must be normal or high, not '{priority}'");
            }

            _submitter = Role(fields, "submitter") ?? Roles.SiteOffice;
            _facts = ReadFacts(fields.Mapping("facts"), null, "fact");
            var steps = ReadSteps(fields.Sequence("steps", required: true), null);
            if (fields.Has("steps") && steps.Count == 0)
            {
                fields.Problem(fields.Node("steps")!, "a definition needs at least one step");
            }

            var interventions = ReadInterventions(fields.Sequence("interventions"));
            return id is null || version is null
                ? null
                : new WorkflowDefinition(id, version.Value, fields.String("title"), hash, file, priority, _submitter,
                    _facts, steps, interventions, _steps);
        }

        private List<StepDefinition> ReadSteps(YamlSequenceNode? sequence, BranchDefinition? branch)
        {
            var steps = new List<StepDefinition>();
            foreach (var node in sequence?.Children ?? [])
            {
                var step = ReadStep(node);
                if (step is null)
                {
                    continue;
                }

                if (!_steps.TryAdd(step.Id, step))
                {
                    problems.Add(new DefinitionProblem(file, step.Line, step.Id,
                        $"duplicate step id '{step.Id}' (first declared on line {_steps[step.Id].Line})"));
                    continue;
                }

                step.Branch = branch;
                steps.Add(step);
            }

            return steps;
        }

        private StepDefinition? ReadStep(YamlNode node)
        {
            var stepId = (node as YamlMappingNode)?.Children.TryGetValue(new YamlScalarNode("id"), out var idNode) == true
                ? (idNode as YamlScalarNode)?.Value
                : null;
            var type = (node as YamlMappingNode)?.Children.TryGetValue(new YamlScalarNode("type"), out var typeNode) == true
                ? (typeNode as YamlScalarNode)?.Value
                : null;
            string[] common = ["id", "type", "title"];
            string[] specific = type switch
            {
                "task" => ["role", "target", "outcomes", "decisionFacts"],
                "parallel" => ["join", "branches", "next"],
                "choice" => ["cases", "otherwise"],
                "wait" => ["signal", "next"],
                "end" => ["result"],
                _ => [],
            };
            var fields = new YamlFields(node, file, stepId, problems, type is null ? "a step" : $"a {type} step", [.. common, .. specific]);
            var id = fields.String("id", required: true);
            if (id is null)
            {
                return null;
            }

            if (!IsIdentifier(id) || id == WorkflowDefinition.JoinTarget)
            {
                fields.Problem(fields.Node("id")!, id == WorkflowDefinition.JoinTarget
                    ? "'join' is reserved for finishing a branch and cannot be a step id"
                    : $"step id '{id}' must be lowercase letters, digits and dashes");
            }

            if (type is null || !StepTypes.Contains(type))
            {
                fields.Problem(fields.Node("type") ?? node,
                    $"step type must be one of {string.Join(", ", StepTypes)}{(type is null ? "" : $", not '{type}'")}");
                return null;
            }

            var title = fields.String("title");
            var line = fields.Line;
            switch (type)
            {
                case "task":
                {
                    var role = Role(fields, "role", required: true);
                    var target = ReadTarget(fields);
                    var decisionFacts = ReadFacts(fields.Mapping("decisionFacts"), id, "decision fact");
                    var outcomes = ReadOutcomes(fields, id);
                    return role is null || target is null ? null : new TaskStep(id, title, line, role, target, outcomes, decisionFacts);
                }

                case "parallel":
                {
                    var join = ReadJoin(fields);
                    var next = fields.String("next", required: true);
                    var block = new ParallelStep(id, title, line, join ?? new JoinRule(JoinMode.All, 0), ReadBranches(fields, id), next ?? "");
                    foreach (var branch in block.Branches)
                    {
                        branch.Block = block;
                    }

                    return join is null || next is null ? null : block;
                }

                case "choice":
                {
                    var cases = new List<ChoiceCase>();
                    foreach (var caseNode in fields.Sequence("cases", required: true)?.Children ?? [])
                    {
                        var caseFields = new YamlFields(caseNode, file, id, problems, "a case", "when", "next");
                        var when = ReadCondition(caseFields, "when", required: true);
                        var next = caseFields.String("next", required: true);
                        if (when is not null && next is not null)
                        {
                            cases.Add(new ChoiceCase(when, next));
                        }
                    }

                    var otherwise = fields.String("otherwise", required: true);
                    return otherwise is null ? null : new ChoiceStep(id, title, line, cases, otherwise);
                }

                case "wait":
                {
                    var signal = Signal(fields, "signal", required: true);
                    var next = fields.String("next", required: true);
                    return signal is null || next is null ? null : new WaitStep(id, title, line, signal, next);
                }

                default:
                {
                    var result = fields.String("result", required: true);
                    return result is null ? null : new EndStep(id, title, line, result);
                }
            }
        }

        private TurnaroundTarget? ReadTarget(YamlFields step)
        {
            var node = step.Mapping("target");
            if (node is null)
            {
                step.Problem(step.Has("target") ? step.Node("target")! : step.Node("id")!,
                    "a human task needs a turnaround target: target: { workingDays: N, warnAfter: M }");
                return null;
            }

            var fields = new YamlFields(node, file, step.String("id"), problems, "a target", "workingDays", "warnAfter");
            var days = fields.Int("workingDays", required: true, min: 1);
            var warn = fields.Int("warnAfter", min: 1);
            if (days is not null && warn is not null && warn >= days)
            {
                fields.Problem(fields.Node("warnAfter")!, $"warnAfter ({warn}) must come before the target ({days} working days)");
            }

            return days is null ? null : new TurnaroundTarget(days.Value, warn);
        }

        private List<OutcomeDefinition> ReadOutcomes(YamlFields step, string stepId)
        {
            var outcomes = new List<OutcomeDefinition>();
            var node = step.Mapping("outcomes", required: true);
            if (node is not null && node.Children.Count == 0)
            {
                step.Problem(node, "a human task needs at least one outcome");
            }

            foreach (var (key, value) in node?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
            {
                var name = ((YamlScalarNode)key).Value ?? "";
                var fields = new YamlFields(value, file, stepId, problems, $"outcome '{name}'", "next", "revise", "publish");
                var next = fields.String("next");
                RevisionRule? revision = null;
                if (fields.Mapping("revise") is { } reviseNode)
                {
                    var reviseFields = new YamlFields(reviseNode, file, stepId, problems, "a revision", "holder", "returnTo", "maxRounds");
                    var holder = Role(reviseFields, "holder") ?? _submitter;
                    var maxRounds = reviseFields.Int("maxRounds", required: true, min: 2);
                    if (maxRounds is not null)
                    {
                        revision = new RevisionRule(holder, reviseFields.String("returnTo") ?? stepId, maxRounds.Value);
                    }
                }

                var publish = Signal(fields, "publish");
                if (fields.Has("next") == fields.Has("revise"))
                {
                    fields.Problem(value, $"outcome '{name}' needs exactly one of 'next' (where it leads) or 'revise' (send back to the submitter)");
                }
                else if (next is not null || revision is not null)
                {
                    outcomes.Add(new OutcomeDefinition(name, next, revision, publish, Lines.Of(key)));
                }
            }

            return outcomes;
        }

        private JoinRule? ReadJoin(YamlFields step)
        {
            switch (step.Node("join"))
            {
                case null:
                    return new JoinRule(JoinMode.All, 0);
                case YamlScalarNode { Value: "all" }:
                    return new JoinRule(JoinMode.All, 0);
                case YamlScalarNode { Value: "any" }:
                    return new JoinRule(JoinMode.Any, 1);
                case YamlMappingNode map:
                {
                    var fields = new YamlFields(map, file, step.String("id"), problems, "a join", "atLeast");
                    var n = fields.Int("atLeast", required: true);
                    return n is null ? null : new JoinRule(JoinMode.AtLeast, n.Value);
                }

                case var other:
                    step.Problem(other, "join must be all, any, or { atLeast: N }");
                    return null;
            }
        }

        private List<BranchDefinition> ReadBranches(YamlFields step, string stepId)
        {
            var branches = new List<BranchDefinition>();
            foreach (var node in step.Sequence("branches", required: true)?.Children ?? [])
            {
                var fields = new YamlFields(node, file, stepId, problems, "a branch", "id", "when", "steps");
                var id = fields.String("id", required: true);
                var when = ReadCondition(fields, "when", required: false);
                var stepsNode = fields.Sequence("steps", required: true);
                if (id is null)
                {
                    continue;
                }

                if (!_branchIds.Add(id) || _steps.ContainsKey(id))
                {
                    fields.Problem(fields.Node("id")!, $"duplicate id '{id}': branch ids must differ from every step and branch id");
                }

                var branch = new BranchDefinition(id, when, fields.Line);
                branch.Steps = ReadSteps(stepsNode, branch);
                if (stepsNode is not null && stepsNode.Children.Count == 0)
                {
                    fields.Problem(stepsNode, $"branch '{id}' has no steps");
                }

                branches.Add(branch);
            }

            if (branches.Count == 0 && step.Has("branches"))
            {
                step.Problem(step.Node("branches")!, "a parallel step needs at least one branch");
            }

            return branches;
        }

        private List<InterventionDefinition> ReadInterventions(YamlSequenceNode? sequence)
        {
            var interventions = new List<InterventionDefinition>();
            foreach (var node in sequence?.Children ?? [])
            {
                var fields = new YamlFields(node, file, null, problems, "an intervention",
                    "id", "role", "onSignal", "effect", "availableAfter", "result", "publish");
                var id = fields.String("id", required: true);
                var role = Role(fields, "role");
                var onSignal = Signal(fields, "onSignal");
                if (!fields.Has("role") && !fields.Has("onSignal"))
                {
                    // Someone or something has to take it: without either it could never happen.
                    fields.Problem("an intervention needs 'role' (who may take it) or 'onSignal' (the received signal that takes it), or both");
                }

                var effectText = fields.String("effect", required: true);
                InterventionEffect? effect = effectText switch
                {
                    "suspend" => InterventionEffect.Suspend,
                    "resume" => InterventionEffect.Resume,
                    "terminate" => InterventionEffect.Terminate,
                    null => null,
                    _ => null,
                };
                if (effectText is not null && effect is null)
                {
                    fields.Problem(fields.Node("effect")!, $"effect must be suspend, resume or terminate, not '{effectText}'");
                }

                var result = fields.String("result");
                if (effect == InterventionEffect.Terminate && result is null)
                {
                    fields.Problem("a terminate intervention needs the 'result' the instance ends with");
                }

                if (id is not null && interventions.Any(i => i.Id == id))
                {
                    fields.Problem(fields.Node("id")!, $"duplicate intervention id '{id}'");
                }

                // One signal, one reaction: two would make the order of their effects (suspend, then terminate?) a guess.
                if (onSignal is not null && interventions.FirstOrDefault(i => i.OnSignal == onSignal) is { } earlier)
                {
                    fields.Problem(fields.Node("onSignal")!,
                        $"signal '{onSignal}' already takes intervention '{earlier.Id}' (line {earlier.Line}); one signal can take one intervention only");
                }

                if (id is not null && effect is not null && (role is not null || onSignal is not null))
                {
                    interventions.Add(new InterventionDefinition(id, role, effect.Value, fields.Strings("availableAfter"), result,
                        Signal(fields, "publish"), onSignal, fields.Line));
                }
            }

            return interventions;
        }

        private List<FactDeclaration> ReadFacts(YamlMappingNode? node, string? stepId, string what)
        {
            var facts = new List<FactDeclaration>();
            foreach (var (key, value) in node?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
            {
                var name = ((YamlScalarNode)key).Value ?? "";
                var fields = new YamlFields(value, file, stepId, problems, $"{what} '{name}'", "type", "values", "default");
                if (!char.IsLetter(name.FirstOrDefault()) || !name.All(char.IsLetterOrDigit))
                {
                    fields.Problem(key, $"{what} name '{name}' must be letters and digits, starting with a letter");
                }

                var typeText = fields.String("type", required: true);
                FactType? type = typeText switch { "bool" => FactType.Bool, "number" => FactType.Number, "string" => FactType.String, _ => null };
                if (typeText is not null && type is null)
                {
                    fields.Problem(fields.Node("type")!, $"{what} type must be bool, number or string, not '{typeText}'");
                }

                var values = fields.Strings("values");
                if (values.Count > 0 && type is not FactType.String)
                {
                    fields.Problem(fields.Node("values")!, "only string facts can list their values");
                }

                if (type is null)
                {
                    continue;
                }

                var fact = new FactDeclaration(name, type.Value, values, fields.String("default"), Lines.Of(key));
                if (fact.Default is not null && fact.Check(fact.Default) is { } wrong)
                {
                    fields.Problem(fields.Node("default")!, $"default: {wrong}");
                }

                facts.Add(fact);
            }

            return facts;
        }

        private Condition? ReadCondition(YamlFields fields, string key, bool required)
        {
            var text = fields.String(key, required);
            if (text is null)
            {
                return null;
            }

            var condition = Condition.TryParse(text, _facts, out var error);
            if (error is not null)
            {
                fields.Problem(fields.Node(key)!, error);
            }

            return condition;
        }

        private static string? Role(YamlFields fields, string key, bool required = false)
        {
            var role = fields.String(key, required);
            if (role is not null && !Roles.All.Contains(role))
            {
                fields.Problem(fields.Node(key)!, $"unknown role '{role}' (roles: {string.Join(", ", Roles.All)})");
                return null;
            }

            return role;
        }

        private static string? Signal(YamlFields fields, string key, bool required = false)
        {
            var signal = fields.String(key, required);
            if (signal is not null && !IsIdentifier(signal))
            {
                fields.Problem(fields.Node(key)!, $"signal name '{signal}' must be lowercase letters, digits and dashes");
                return null;
            }

            return signal;
        }

        private static bool IsIdentifier(string text) =>
            text.Length > 0 && char.IsAsciiLetterLower(text[0]) && text.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
    }
}
