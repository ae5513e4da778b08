namespace TrialStartup.Workflows.Tests.Schema;

using System.Text.Json.Nodes;

/// <summary>
/// The definition format's keys, written out once by hand: the drift tests hold both the schema and the loader to
/// this list, so a key added to one and not the other fails a test instead of surprising an editor user.
/// </summary>
internal static class DefinitionFormat
{
    private static readonly string[] StepCommon = ["id", "type", "title"];

    /// <summary>Every kind of mapping the loader reads, with its allowed keys.</summary>
    public static IReadOnlyList<ObjectKind> Kinds { get; } =
    [
        new("definition", "", ["id", "version", "title", "priority", "submitter", "facts", "steps", "interventions"], d => d),
        new("fact", "/definitions/factDeclaration", ["type", "values", "default"], d => Obj(d, "facts", "fast")),
        new("task step", "/definitions/taskStep", [.. StepCommon, "role", "target", "outcomes", "decisionFacts"], d => Step(d, 1)),
        new("target", "/definitions/target", ["workingDays", "warnAfter"], d => Obj(Step(d, 1), "target")),
        new("outcome", "/definitions/outcome", ["next", "revise", "publish"], d => Obj(Step(d, 1), "outcomes", "approve")),
        new("revise", "/definitions/revise", ["holder", "returnTo", "maxRounds"], d => Obj(Step(d, 1), "outcomes", "changes", "revise")),
        new("decision fact", "/definitions/factDeclaration", ["type", "values", "default"], d => Obj(Step(d, 1), "decisionFacts", "reviewType")),
        new("parallel step", "/definitions/parallelStep", [.. StepCommon, "join", "branches", "next"], d => Step(d, 2)),
        new("join", "/definitions/join/oneOf/1", ["atLeast"], d => Obj(Step(d, 2), "join")),
        new("branch", "/definitions/branch", ["id", "when", "steps"], d => Branch(d, 0)),
        new("choice step", "/definitions/choiceStep", [.. StepCommon, "cases", "otherwise"], d => Step(d, 0)),
        new("case", "/definitions/case", ["when", "next"], d => Step(d, 0)["cases"]![0]!.AsObject()),
        new("wait step", "/definitions/waitStep", [.. StepCommon, "signal", "next"], d => Branch(d, 0)["steps"]![0]!.AsObject()),
        new("end step", "/definitions/endStep", [.. StepCommon, "result"], d => Step(d, 3)),
        new("intervention", "/definitions/intervention", ["id", "role", "onSignal", "effect", "availableAfter", "result", "publish"],
            d => d["interventions"]![0]!.AsObject()),
    ];

    /// <summary>The kind called <paramref name="name"/>.</summary>
    public static ObjectKind Kind(string name) => Kinds.Single(k => k.Name == name);

    /// <summary>
    /// A small definition the loader accepts that holds one of every kind of mapping and uses every key, so a key
    /// can be added to any of them and the loader's and the schema's answers compared.
    /// </summary>
    public static JsonObject Probe() => JsonNode.Parse("""
        {
          "id": "probe", "version": 1, "title": "Probe", "priority": "high", "submitter": "site-office",
          "facts": {
            "fast": { "type": "bool", "default": "false" },
            "kind": { "type": "string", "values": ["a", "b"], "default": "a" }
          },
          "steps": [
            { "id": "route", "type": "choice", "title": "Route", "cases": [{ "when": "fast", "next": "review" }], "otherwise": "review" },
            {
              "id": "review", "type": "task", "title": "Review", "role": "ethics-committee",
              "target": { "workingDays": 5, "warnAfter": 3 },
              "decisionFacts": { "reviewType": { "type": "string", "values": ["full-board", "expedited"] } },
              "outcomes": {
                "approve": { "next": "split", "publish": "review-approved" },
                "changes": { "revise": { "holder": "sponsor", "returnTo": "review", "maxRounds": 3 } }
              }
            },
            {
              "id": "split", "type": "parallel", "title": "Split", "join": { "atLeast": 1 }, "next": "done",
              "branches": [
                { "id": "left", "when": "kind == 'a'", "steps": [{ "id": "left-wait", "type": "wait", "title": "Wait", "signal": "go", "next": "join" }] },
                { "id": "right", "steps": [{ "id": "right-task", "type": "task", "role": "pi", "target": { "workingDays": 2 }, "outcomes": { "done": { "next": "join" } } }] }
              ]
            },
            { "id": "done", "type": "end", "title": "Done", "result": "activated" }
          ],
          "interventions": [
            { "id": "stop", "role": "ethics-committee", "onSignal": "lead-stopped", "effect": "terminate", "availableAfter": ["review"], "result": "terminated", "publish": "stopped" }
          ]
        }
        """)!.AsObject();

    private static JsonObject Step(JsonObject definition, int index) => definition["steps"]![index]!.AsObject();

    private static JsonObject Branch(JsonObject definition, int index) => Step(definition, 2)["branches"]![index]!.AsObject();

    private static JsonObject Obj(JsonObject from, params string[] path) =>
        path.Aggregate(from, (node, key) => node[key]!.AsObject());
}
