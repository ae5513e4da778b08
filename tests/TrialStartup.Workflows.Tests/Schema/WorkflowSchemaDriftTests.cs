namespace TrialStartup.Workflows.Tests.Schema;

using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NJsonSchema.Validation;
using TrialStartup.Workflows.Definitions;

/// <summary>
/// Keeps the schema and the loader describing the same format. The key lists live in <see cref="DefinitionFormat"/>;
/// the schema's <c>properties</c> must equal them, and the loader is asked directly (by adding an unknown key and
/// reading the allowed keys its problem lists) rather than by parsing its source.
/// </summary>
public sealed partial class WorkflowSchemaDriftTests
{
    private const string UnknownKey = "zzUnknown";

    public static TheoryData<string> KindNames { get; } = new(DefinitionFormat.Kinds.Select(k => k.Name));

    [Fact]
    public async Task Probe_WhenLoadedAndValidated_PassesBoth()
    {
        // Kept although the probe is a test helper: a definition using every key of every kind is one the loader and the
        // schema must both accept, and the drift tests below start from it.
        var probe = DefinitionFormat.Probe();

        var (_, problems) = DefinitionLoader.TryParse("probe.json", probe.ToJsonString());
        var errors = await WorkflowSchema.ValidateAsync(probe);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.True(errors.Count == 0, WorkflowSchema.Describe(errors));
    }

    [Theory]
    [MemberData(nameof(KindNames))]
    public void SchemaObject_ForEachKind_HasExactlyTheListedKeysAndNoOthers(string kindName)
    {
        var kind = DefinitionFormat.Kind(kindName);
        var schema = At(WorkflowSchema.ReadRaw(), kind.SchemaPointer);

        Assert.Equal(kind.Keys.Order(StringComparer.Ordinal), schema["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.False((bool?)schema["additionalProperties"] ?? true, $"{kindName}: additionalProperties must be false");
    }

    [Theory]
    [MemberData(nameof(KindNames))]
    public void Loader_ForEachKind_AcceptsExactlyTheListedKeys(string kindName)
    {
        var kind = DefinitionFormat.Kind(kindName);
        var probe = DefinitionFormat.Probe();
        kind.Locate(probe)[UnknownKey] = "x";

        var problems = DefinitionLoader.TryParse("probe.json", probe.ToJsonString()).Problems;

        var allowed = problems.Select(p => AllowedKeys().Match(p.Message)).Where(m => m.Success).ToList();
        Assert.True(allowed.Count == 1, string.Join(Environment.NewLine, problems));
        Assert.Equal(kind.Keys.Order(StringComparer.Ordinal), allowed[0].Groups["keys"].Value.Split(", ").Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(KindNames))]
    public async Task Schema_ForEachKind_RejectsAnUnknownKey(string kindName)
    {
        var probe = DefinitionFormat.Probe();
        DefinitionFormat.Kind(kindName).Locate(probe)[UnknownKey] = "x";

        var errors = await WorkflowSchema.ValidateAsync(probe);

        Assert.Contains(errors, e => e.Kind == ValidationErrorKind.NoAdditionalPropertiesAllowed && e.Property == UnknownKey);
    }

    [Fact]
    public void KindList_WhenComparedWithTheSchema_CoversEveryObjectWithProperties()
    {
        // A new object kind in the schema must be added to DefinitionFormat, or its keys would go unchecked.
        var withProperties = Schemas(WorkflowSchema.ReadRaw(), "").Where(s => s.Node["properties"] is not null).Select(s => s.Pointer);

        Assert.Equal(
            DefinitionFormat.Kinds.Select(k => k.SchemaPointer).Distinct().Order(StringComparer.Ordinal),
            withProperties.Where(p => !p.Contains("/anyOf/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Schema_EveryObjectSchema_ForbidsUnknownKeysOrTypesItsValues()
    {
        foreach (var (pointer, node) in Schemas(WorkflowSchema.ReadRaw(), "").Where(s => s.Node["type"] is JsonValue type && (string?)type == "object"))
        {
            Assert.True(node["additionalProperties"] is JsonObject || (bool?)node["additionalProperties"] == false,
                $"{pointer}: an object schema must set additionalProperties to false, or to a schema for map values");
        }
    }

    [Fact]
    public void Schema_EveryProperty_HasADescriptionForEditors()
    {
        var root = WorkflowSchema.ReadRaw();

        // Properties under anyOf are conditions on keys declared elsewhere (which carry the descriptions), not declarations.
        foreach (var (pointer, node) in Schemas(root, "").Where(s => s.Node["properties"] is JsonObject && !s.Pointer.Contains("/anyOf/", StringComparison.Ordinal)))
        {
            foreach (var (name, property) in node["properties"]!.AsObject())
            {
                var described = property!["description"] ?? (property["$ref"] is { } reference
                    ? At(root, ((string)reference!).TrimStart('#'))["description"]
                    : null);
                Assert.True(described is not null, $"{pointer}/properties/{name} has no description");
            }
        }
    }

    [Fact]
    public void RoleEnum_WhenComparedWithRoles_ListsEveryRole()
    {
        var roles = At(WorkflowSchema.ReadRaw(), "/definitions/role")["enum"]!.AsArray().Select(r => (string)r!);

        Assert.Equal(Roles.All.Order(StringComparer.Ordinal), roles.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void StepTypeEnums_WhenComparedWithTheLoader_ListEveryStepType()
    {
        var probe = DefinitionFormat.Probe();
        probe["steps"]![3]!["type"] = "unknown-type";
        var message = DefinitionLoader.TryParse("probe.json", probe.ToJsonString()).Problems
            .Select(p => StepTypes().Match(p.Message)).Single(m => m.Success);

        var schema = WorkflowSchema.ReadRaw();
        var schemaTypes = At(schema, "/definitions/step")["oneOf"]!.AsArray()
            .Select(r => (string)At(schema, ((string)r!["$ref"]!).TrimStart('#'))["properties"]!["type"]!["enum"]![0]!);

        Assert.Equal(message.Groups["types"].Value.Split(", ").Order(StringComparer.Ordinal), schemaTypes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void FactTypeEnum_WhenComparedWithFactType_ListsEveryType()
    {
        var types = At(WorkflowSchema.ReadRaw(), "/definitions/factDeclaration/properties/type")["enum"]!.AsArray().Select(t => (string)t!);

        Assert.Equal(Enum.GetNames<FactType>().Select(n => n.ToLowerInvariant()).Order(StringComparer.Ordinal), types.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EffectEnum_WhenComparedWithInterventionEffect_ListsEveryEffect()
    {
        var effects = At(WorkflowSchema.ReadRaw(), "/definitions/intervention/properties/effect")["enum"]!.AsArray().Select(t => (string)t!);

        Assert.Equal(Enum.GetNames<InterventionEffect>().Select(n => n.ToLowerInvariant()).Order(StringComparer.Ordinal), effects.Order(StringComparer.Ordinal));
    }

    private static JsonObject At(JsonObject root, string pointer) =>
        pointer.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Aggregate((JsonNode)root, (node, part) => node is JsonArray array ? array[int.Parse(part, System.Globalization.CultureInfo.InvariantCulture)]! : node[part]!)
            .AsObject();

    /// <summary>Every subschema in the file, with its JSON pointer, found by walking the keywords that hold schemas.</summary>
    private static IEnumerable<(string Pointer, JsonObject Node)> Schemas(JsonObject schema, string pointer)
    {
        yield return (pointer, schema);
        foreach (var keyword in new[] { "definitions", "properties" })
        {
            foreach (var (name, child) in schema[keyword] as JsonObject ?? [])
            {
                foreach (var inner in Schemas(child!.AsObject(), $"{pointer}/{keyword}/{name}"))
                {
                    yield return inner;
                }
            }
        }

        foreach (var keyword in new[] { "additionalProperties", "items", "not" })
        {
            if (schema[keyword] is JsonObject child)
            {
                foreach (var inner in Schemas(child, $"{pointer}/{keyword}"))
                {
                    yield return inner;
                }
            }
        }

        foreach (var keyword in new[] { "allOf", "anyOf", "oneOf" })
        {
            var index = 0;
            foreach (var child in schema[keyword] as JsonArray ?? [])
            {
                foreach (var inner in Schemas(child!.AsObject(), $"{pointer}/{keyword}/{index++}"))
                {
                    yield return inner;
                }
            }
        }
    }

    [GeneratedRegex(@"unknown key 'zzUnknown' in .* \(allowed: (?<keys>[^)]*)\)$")]
    private static partial Regex AllowedKeys();

    [GeneratedRegex("step type must be one of (?<types>.*), not 'unknown-type'$")]
    private static partial Regex StepTypes();
}
