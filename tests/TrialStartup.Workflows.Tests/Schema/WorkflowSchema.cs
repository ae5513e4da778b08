namespace TrialStartup.Workflows.Tests.Schema;

using System.Text.Json.Nodes;
using NJsonSchema;
using NJsonSchema.Validation;

/// <summary>The shipped schema file, and validation errors flattened so a test can find the one it expects.</summary>
internal static class WorkflowSchema
{
    /// <summary>Where editors find the schema: next to the definitions, as their first line names it.</summary>
    public static string FilePath { get; } = Path.Combine(RepositoryPaths.Workflows, "workflow.schema.json");

    /// <summary>The schema file as raw JSON, for tests about its text rather than its validation.</summary>
    public static JsonObject ReadRaw() => JsonNode.Parse(File.ReadAllText(FilePath))!.AsObject();

    /// <summary>Validates a definition (as JSON) and returns every error, those inside oneOf and anyOf included.</summary>
    public static async Task<IReadOnlyList<ValidationError>> ValidateAsync(JsonNode? definition)
    {
        var schema = await JsonSchema.FromFileAsync(FilePath);
        return Flatten(schema.Validate(definition?.ToJsonString() ?? "null")).ToList();
    }

    /// <summary>One line per error, for assertion messages.</summary>
    public static string Describe(IEnumerable<ValidationError> errors) =>
        string.Join(Environment.NewLine, errors.Select(e => $"{e.Kind} at {e.Path} ({e.Property})"));

    // A oneOf failure reports only NotOneOf at the top; the cause (an unknown key, a missing key) is in its children.
    private static IEnumerable<ValidationError> Flatten(IEnumerable<ValidationError> errors)
    {
        foreach (var error in errors)
        {
            yield return error;
            if (error is ChildSchemaValidationError child)
            {
                foreach (var inner in Flatten(child.Errors.Values.SelectMany(e => e)))
                {
                    yield return inner;
                }
            }
        }
    }
}
