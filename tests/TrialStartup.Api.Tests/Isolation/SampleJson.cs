namespace TrialStartup.Api.Tests.Isolation;

using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

/// <summary>
/// A well-formed JSON body for any request type: every constructor parameter (or settable property) present with a
/// value of its type. The host rejects unknown and missing members before a handler runs, so an isolation check
/// needs a body that binds, or it would only ever see the binder's 400.
/// </summary>
internal static class SampleJson
{
    public static JsonNode? For(Type type) => Value(type, depth: 0);

    private static JsonNode? Value(Type type, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (depth > 5)
        {
            return null;
        }

        if (type == typeof(string))
        {
            return "test";
        }

        if (type == typeof(Guid))
        {
            return Guid.NewGuid();
        }

        if (type == typeof(bool))
        {
            return false;
        }

        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            return DateTimeOffset.UtcNow;
        }

        if (type == typeof(DateOnly))
        {
            return DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        }

        if (type.IsEnum)
        {
            return Enum.GetNames(type)[0];
        }

        if (type.IsPrimitive || type == typeof(decimal))
        {
            return 1;
        }

        if (type == typeof(JsonElement) || type == typeof(JsonNode) || type == typeof(JsonObject) || typeof(IDictionary).IsAssignableFrom(type)
            || type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)))
        {
            return new JsonObject();
        }

        if (typeof(IEnumerable).IsAssignableFrom(type))
        {
            return new JsonArray();
        }

        var result = new JsonObject();
        var constructor = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance).MaxBy(c => c.GetParameters().Length);
        var members = constructor is { } c && c.GetParameters().Length > 0
            ? c.GetParameters().Select(p => (p.Name!, p.ParameterType))
            : type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => (p.Name, p.PropertyType));
        foreach (var (name, memberType) in members)
        {
            result[JsonNamingPolicy.CamelCase.ConvertName(name)] = Value(memberType, depth + 1);
        }

        return result;
    }
}
