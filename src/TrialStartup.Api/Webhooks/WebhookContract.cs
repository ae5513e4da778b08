namespace TrialStartup.Api.Webhooks;

using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using TrialStartup.Messaging.Webhooks;

/// <summary>
/// The webhooks in the OpenAPI document (its <c>webhooks</c> section, OpenAPI 3.1): one entry per event type, each a
/// POST of <see cref="WebhookEvent"/> with the three Standard Webhooks headers, so a subscriber's developers read what
/// arrives, and how to check it, in the same contract as the API they call.
/// </summary>
internal static class WebhookContract
{
    private const string EventSchema = "WebhookEvent";

    public static async Task DescribeAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var schema = await context.GetOrCreateSchemaAsync(typeof(WebhookEvent), null, cancellationToken);
        schema.Description = "A webhook's body, per Standard Webhooks: the event's type, when it happened, and what happened. "
            + "Fields of `data` a type does not have are null.";
        if (schema.Properties is { } properties && properties.TryGetValue("type", out var property) && property is OpenApiSchema type)
        {
            type.Enum = [.. WebhookEventTypes.All.Keys.Select(t => (JsonNode)JsonValue.Create(t)!)];
        }

        document.AddComponent<IOpenApiSchema>(EventSchema, schema);
        document.Webhooks = new Dictionary<string, IOpenApiPathItem>(StringComparer.Ordinal);
        foreach (var (eventType, description) in WebhookEventTypes.All)
        {
            document.Webhooks[eventType] = new OpenApiPathItem
            {
                Operations = new Dictionary<HttpMethod, OpenApiOperation>
                {
                    [HttpMethod.Post] = new()
                    {
                        OperationId = "Webhook_" + eventType.Replace('.', '_'),
                        Summary = description,
                        Description = "Posted to each enabled subscription to this type of the site's institution and of the trial's sponsor. "
                            + "Verify `webhook-signature` with the subscription's secret, drop a `webhook-id` already seen, answer 2xx within 10 s; "
                            + "anything else is retried with backoff for up to a day.",
                        Tags = new HashSet<OpenApiTagReference> { new("Webhooks", document) },
                        Parameters =
                        [
                            Header("webhook-id", "The event's id: the same on every attempt and for every subscriber. Drop repeats by it."),
                            Header("webhook-timestamp", "When this attempt was signed, in Unix seconds. Refuse one far from your clock (5 minutes)."),
                            Header("webhook-signature", "`v1,` and the base64 HMAC-SHA256, keyed with the secret's bytes, of `{webhook-id}.{webhook-timestamp}.{body}`."),
                        ],
                        RequestBody = new OpenApiRequestBody
                        {
                            Required = true,
                            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                            {
                                ["application/json"] = new() { Schema = new OpenApiSchemaReference(EventSchema, document) },
                            },
                        },
                        Responses = new OpenApiResponses
                        {
                            ["2XX"] = new OpenApiResponse { Description = "Taken: the delivery is done." },
                            ["default"] = new OpenApiResponse { Description = "Anything else (a redirect too) fails the attempt; it is retried." },
                        },
                    },
                },
            };
        }
    }

    private static OpenApiParameter Header(string name, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = true,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };
}
