namespace TrialStartup.Api.Tests.Contract;

using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TrialStartup.Api.Tests.Deployment;

/// <summary>
/// The examples in the OpenAPI document (<c>openapi/v1.json</c>, which <see cref="OpenApiContractTests"/> keeps equal to
/// the served one) are valid against their schemas: the members, types, required members and closed objects a generated
/// client relies on. Walks the document's JSON with the subset of JSON Schema it uses ($ref, type, properties, required,
/// additionalProperties, items, oneOf, pattern, format).
/// </summary>
public sealed class OpenApiExampleTests
{
    private static readonly JsonObject Document = JsonNode.Parse(RepositoryFiles.ReadText(OpenApiContractTests.ContractFile))!.AsObject();

    [Fact]
    public void EveryExample_IsValidAgainstItsSchema()
    {
        var examples = ExamplesIn(Document, "$").ToList();
        Assert.True(examples.Count >= 20, $"only {examples.Count} examples");

        var problems = examples.SelectMany(e => Problems(e.Value, e.Schema, e.Path)).ToList();

        Assert.True(problems.Count == 0, "examples that do not match their schema:\n  " + string.Join("\n  ", problems));
    }

    [Fact]
    public void TheMainRequestsAnswersAndProblems_HaveExamples()
    {
        Assert.NotNull(RequestExample("/api/v1/trials", "post"));
        Assert.NotNull(RequestExample("/api/v1/site-projects", "post"));
        Assert.NotNull(RequestExample("/api/v1/site-projects/{projectId}/decisions", "post"));
        Assert.NotNull(RequestExample("/api/v1/account/password", "post")); // the setup code's, without a token
        Assert.NotNull(AnswerExample("/api/v1/site-projects/{projectId}", "get", "200"));
        Assert.NotNull(AnswerExample("/api/v1/trials", "post", "201"));
        Assert.NotNull(AnswerExample("/api/v1/site-projects/{projectId}/decisions", "post", "200"));

        var invalid = AnswerExample("/api/v1/trials", "post", "400")!;
        Assert.Equal("invalid-request", invalid["code"]!.GetValue<string>());
        Assert.NotNull(invalid["field"]);
        var conflict = AnswerExample("/api/v1/site-projects/{projectId}/decisions", "post", "409")!;
        Assert.NotNull(conflict["currentVersion"]);
        Assert.NotNull(conflict["rule"]);
        Assert.Equal(262144, AnswerExample("/api/v1/trials", "post", "413")!["maxBytes"]!.GetValue<long>());
    }

    [Fact]
    public void TheCheck_RefusesAnUndeclaredOrMisspeltMemberAWrongTypeAndAMissingRequiredOne()
    {
        var schema = JsonNode.Parse("""{ "$ref": "#/components/schemas/RegisterSiteProject" }""")!;

        Assert.Empty(Problems(JsonNode.Parse("""{ "trialId": "0196b2c4-5a10-7e21-9c3d-4f1a2b3c4d5e" }"""), schema, "$"));
        Assert.NotEmpty(Problems(JsonNode.Parse("""{ "TrialId": "0196b2c4-5a10-7e21-9c3d-4f1a2b3c4d5e" }"""), schema, "$"));
        Assert.NotEmpty(Problems(JsonNode.Parse("""{ "trialId": "0196b2c4-5a10-7e21-9c3d-4f1a2b3c4d5e", "site": 1 }"""), schema, "$"));
        Assert.NotEmpty(Problems(JsonNode.Parse("""{ "trialId": 17 }"""), schema, "$"));
        Assert.NotEmpty(Problems(JsonNode.Parse("""{ "trialId": "not-a-uuid" }"""), schema, "$"));
    }

    // Schemas' own examples (an array), and media types' (a map of named examples, perhaps references, or one example).
    private static IEnumerable<(string Path, JsonNode? Value, JsonNode Schema)> ExamplesIn(JsonNode? node, string path)
    {
        if (node is JsonObject obj)
        {
            if (obj["examples"] is JsonArray schemaExamples)
            {
                for (var i = 0; i < schemaExamples.Count; i++)
                {
                    yield return ($"{path}.examples[{i}]", schemaExamples[i], obj);
                }
            }

            if (obj["schema"] is { } schema)
            {
                if (obj["example"] is { } single)
                {
                    yield return ($"{path}.example", single, schema);
                }

                foreach (var (name, example) in obj["examples"] as JsonObject ?? [])
                {
                    yield return ($"{path}.examples.{name}", Resolve(example!)["value"], schema);
                }
            }

            foreach (var (key, child) in obj.Where(p => p.Key is not ("examples" or "example")))
            {
                foreach (var found in ExamplesIn(child, $"{path}.{key}"))
                {
                    yield return found;
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                foreach (var found in ExamplesIn(array[i], $"{path}[{i}]"))
                {
                    yield return found;
                }
            }
        }
    }

    private static IEnumerable<string> Problems(JsonNode? value, JsonNode schemaNode, string path)
    {
        var schema = Resolve(schemaNode).AsObject();
        if (schema["oneOf"] is JsonArray choices)
        {
            if (choices.Count(c => !Problems(value, c!, path).Any()) != 1)
            {
                yield return $"{path}: matches not exactly one of {schema["oneOf"]!.ToJsonString()}";
            }

            yield break;
        }

        var types = schema["type"] switch
        {
            JsonArray list => list.Select(t => t!.GetValue<string>()).ToList(),
            JsonValue one => [one.GetValue<string>()],
            _ => null,
        };
        var kind = KindOf(value);
        if (types is not null && !types.Contains(kind) && !(kind == "integer" && types.Contains("number")))
        {
            yield return $"{path}: a {kind}, where the schema says {string.Join(" or ", types)}";
            yield break;
        }

        if (value is JsonValue text && kind == "string")
        {
            var s = text.GetValue<string>();
            if (schema["pattern"]?.GetValue<string>() is { } pattern && !Regex.IsMatch(s, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                yield return $"{path}: '{s}' does not match {pattern}";
            }

            var format = schema["format"]?.GetValue<string>();
            if ((format == "uuid" && !Guid.TryParse(s, out _))
                || (format == "date-time" && !DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out _)))
            {
                yield return $"{path}: '{s}' is not a {format}";
            }
        }

        if (value is JsonArray items && schema["items"] is { } itemSchema)
        {
            for (var i = 0; i < items.Count; i++)
            {
                foreach (var problem in Problems(items[i], itemSchema, $"{path}[{i}]"))
                {
                    yield return problem;
                }
            }
        }

        if (value is JsonObject members)
        {
            var properties = schema["properties"] as JsonObject ?? [];
            foreach (var required in schema["required"] as JsonArray ?? [])
            {
                if (!members.ContainsKey(required!.GetValue<string>()))
                {
                    yield return $"{path}: the required member '{required}' is missing";
                }
            }

            foreach (var (name, member) in members)
            {
                if (properties[name] is { } memberSchema)
                {
                    foreach (var problem in Problems(member, memberSchema, $"{path}.{name}"))
                    {
                        yield return problem;
                    }
                }
                else if (schema["additionalProperties"]?.GetValue<bool>() == false)
                {
                    yield return $"{path}: '{name}' is not a member of the schema ({string.Join(", ", properties.Select(p => p.Key))})";
                }
            }
        }
    }

    private static string KindOf(JsonNode? value) => value?.GetValueKind() switch
    {
        null or System.Text.Json.JsonValueKind.Null => "null",
        System.Text.Json.JsonValueKind.Object => "object",
        System.Text.Json.JsonValueKind.Array => "array",
        System.Text.Json.JsonValueKind.String => "string",
        System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "boolean",
        _ => value.AsValue().TryGetValue<long>(out _) ? "integer" : "number",
    };

    // A local reference (#/components/...) to what it names; anything else as it is.
    private static JsonNode Resolve(JsonNode node)
    {
        while (node["$ref"]?.GetValue<string>() is { } reference)
        {
            node = reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries).Aggregate((JsonNode)Document, (n, part) => n[part]!);
        }

        return node;
    }

    private static JsonNode? RequestExample(string path, string method) =>
        ExampleOf(Document["paths"]![path]![method]!["requestBody"]!["content"]!["application/json"]!);

    private static JsonNode? AnswerExample(string path, string method, string status) =>
        Document["paths"]![path]![method]!["responses"]![status]!["content"]!.AsObject().Select(c => ExampleOf(c.Value!)).FirstOrDefault(e => e is not null);

    // A media type's first example, its own or its schema's.
    private static JsonNode? ExampleOf(JsonNode media) =>
        (media["examples"] as JsonObject)?.Select(e => Resolve(e.Value!)["value"]).FirstOrDefault()
        ?? media["example"]
        ?? (Resolve(media["schema"]!)["examples"] as JsonArray)?.FirstOrDefault();
}
