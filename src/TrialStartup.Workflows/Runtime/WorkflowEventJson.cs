namespace TrialStartup.Workflows.Runtime;

using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using TrialStartup.Workflows.Runtime.Events;

/// <summary>
/// The one JSON form of events, for stores, messages and the CLI: camelCase, enums as strings, and the event's
/// stable alias in <c>type</c>.
/// </summary>
public static class WorkflowEventJson
{
    private static readonly Dictionary<Type, string> Aliases = typeof(WorkflowEvent)
        .GetCustomAttributes<JsonDerivedTypeAttribute>()
        .ToDictionary(a => a.DerivedType, a => (string)a.TypeDiscriminator!);

    /// <summary>The serializer options every component uses for events.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The stable alias of an event's type, such as <c>task-completed</c>.</summary>
    public static string AliasOf(WorkflowEvent e) => Aliases[e.GetType()];

    /// <summary>Serializes an event with its alias.</summary>
    public static string Serialize(WorkflowEvent e) => JsonSerializer.Serialize(e, Options);

    /// <summary>Reads an event written by <see cref="Serialize"/>.</summary>
    public static WorkflowEvent Deserialize(string json) =>
        JsonSerializer.Deserialize<WorkflowEvent>(json, Options) ?? throw new JsonException("an event cannot be null");
}
