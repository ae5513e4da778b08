namespace TrialStartup.Messaging.Outbox;

using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrialStartup.Contracts;

/// <summary>
/// An outbox row's payload as written since the messages are built when the command appends: the contract messages
/// themselves, each with its type, so the dispatcher only publishes. Rows of earlier builds hold the workflow event
/// instead, which <see cref="OutboxTranslator"/> still turns into messages.
/// </summary>
internal static class OutboxEnvelope
{
    // A workflow event's JSON never has this property at its root, so the two kinds of payload cannot be mistaken.
    private const string ContractsProperty = "contracts";
    private const string TypeProperty = "type";
    private const string MessageProperty = "message";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The payload carrying <paramref name="messages"/>, in publishing order.</summary>
    public static string Write(IReadOnlyList<object> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = new JsonArray();
        foreach (var message in messages)
        {
            list.Add(new JsonObject
            {
                [TypeProperty] = message.GetType().FullName,
                [MessageProperty] = JsonSerializer.SerializeToNode(message, message.GetType(), Json),
            });
        }

        return new JsonObject { [ContractsProperty] = list }.ToJsonString(Json);
    }

    /// <summary>The messages of a payload written by <see cref="Write"/>; false for a payload that holds a workflow event.</summary>
    public static bool TryRead(string payload, [NotNullWhen(true)] out IReadOnlyList<object>? messages)
    {
        ArgumentNullException.ThrowIfNull(payload);
        messages = null;
        using var document = JsonDocument.Parse(payload);
        if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty(ContractsProperty, out var list))
        {
            return false;
        }

        var read = new List<object>(list.GetArrayLength());
        foreach (var item in list.EnumerateArray())
        {
            // Only the contracts' own types: a payload names what to build, and nothing else may be built from it.
            var name = item.GetProperty(TypeProperty).GetString();
            var type = (name is null ? null : typeof(ISiteProjectMessage).Assembly.GetType(name, throwOnError: false))
                ?? throw new InvalidOperationException($"an outbox row names the message type '{name}', which is not a contract of this build");
            read.Add(item.GetProperty(MessageProperty).Deserialize(type, Json)
                ?? throw new InvalidOperationException($"an outbox row's {name} is empty"));
        }

        messages = read;
        return true;
    }
}
