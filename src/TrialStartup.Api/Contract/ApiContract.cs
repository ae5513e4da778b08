namespace TrialStartup.Api.Contract;

using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using TrialStartup.Api.Idempotency;

/// <summary>
/// The API's OpenAPI document, served at <c>/openapi/v1.json</c>, is its contract with sponsors' and institutions'
/// systems: each operation has an id, a summary, its answer's schema and the problems it can answer with; the document
/// names how to authenticate and the <c>Idempotency-Key</c> header every POST takes. The document is checked in
/// (<c>openapi/v1.json</c>) and a test fails when the served one differs, so a change of contract is a reviewed diff.
/// Each endpoint declares its answers where it is mapped; <see cref="ContractConformance"/> checks, in the tests, that
/// every answer an endpoint gives is one it declared.
/// </summary>
public static class ApiContract
{
    /// <summary>The security scheme of bearer access tokens, as the document names it.</summary>
    public const string BearerScheme = "bearer";

    /// <summary>The OpenID Connect discovery of the embedded token server, as the document names it.</summary>
    public const string OpenIdConnectScheme = "openIdConnect";

    /// <summary>Registers the OpenAPI document with its title, security schemes and the operations' shared parts.</summary>
    public static IServiceCollection AddApiContract(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer(DescribeAsync);
            o.AddDocumentTransformer(Webhooks.WebhookContract.DescribeAsync);
            o.AddOperationTransformer(DescribeOperationAsync);
            o.AddSchemaTransformer(DescribeProblemAsync);
            o.AddSchemaTransformer(AddExampleAsync);
        });

    private static Task DescribeAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "TrialStartup API",
            Version = "v1",
            Description = "Clinical trial start-up: trials, site projects and their dossier, the three parallel reviews "
                + "(institutional approval, ethics, contract), the multi-center green channel, turnaround monitoring and audit. "
                + "Errors are RFC 9457 problems whose `type` ends in a stable code. Every POST takes an `Idempotency-Key`.",
        };

        // The address a client calls is its own business (an installation's host name); generated clients take it as a setting.
        document.Servers = [];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal)
        {
            [BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "An access token of the installation's token server (/connect/token: a person with the password "
                    + "grant, a system with client credentials), or of the identity provider it trusts.",
            },
            [OpenIdConnectScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.OpenIdConnect,
                OpenIdConnectUrl = new Uri("/.well-known/openid-configuration", UriKind.Relative),
                Description = "The embedded token server's discovery document.",
            },
        };

        // Filed once and referred to by every answer of their status (DescribeOperationAsync).
        document.Components.Examples = ContractExamples.Problems(ApiJson(context.ApplicationServices)).ToDictionary(
            p => p.Name, IOpenApiExample (p) => new OpenApiExample { Summary = p.Summary, Value = p.Value }, StringComparer.Ordinal);
        return Task.CompletedTask;
    }

    // A request or answer's example, where the schema of a type of its own is made (not a property's, which refers to it).
    private static Task AddExampleAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is null && ContractExamples.Of(context.JsonTypeInfo.Type, ApiJson(context.ApplicationServices)) is { } example)
        {
            schema.Examples = [example];
        }

        return Task.CompletedTask;
    }

    // The examples are written as the API writes JSON (camelCase, enums as strings).
    private static System.Text.Json.JsonSerializerOptions ApiJson(IServiceProvider services) =>
        services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;

    // Every problem the API writes carries a stable code, and some the field at fault or the project's current version
    // (ApiProblems); the framework's ProblemDetails schema has neither and forbids other members, so a generated client
    // would drop them.
    private static Task DescribeProblemAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type != typeof(Microsoft.AspNetCore.Mvc.ProblemDetails))
        {
            return Task.CompletedTask;
        }

        schema.Description = "An RFC 9457 problem. Branch on `code` (also the end of `type`); show `detail` to people.";
        schema.AdditionalPropertiesAllowed = true;
        schema.AdditionalProperties = null;
        schema.Properties ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        schema.Properties["code"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "What went wrong, stable across versions: invalid-request, not-found, forbidden, unauthenticated, a conflict's or refusal's own code.",
        };
        schema.Properties["field"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String | JsonSchemaType.Null,
            Description = "The request's field (or header) at fault, for invalid-request.",
        };
        schema.Properties["currentVersion"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Integer | JsonSchemaType.Null,
            Format = "int64",
            Description = "The project's version now, when a decision was refused or came too late (409, 422).",
        };
        schema.Properties["rule"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String | JsonSchemaType.Null,
            Description = "Which task rule a conflict broke (for example task-decided).",
        };
        schema.Properties["maxBytes"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Integer | JsonSchemaType.Null,
            Format = "int64",
            Description = "The limit, in bytes, of what was too large (413).",
        };
        return Task.CompletedTask;
    }

    private static Task DescribeOperationAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var signedIn = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        if (signedIn)
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [],
            });
        }

        // Only POSTs carry the marker (IdempotencyConventions); keys are kept per caller, so a POST anyone may send (the
        // setup code's) has none.
        if (signedIn && metadata.OfType<IdempotencyKeysMetadata>().Any())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = IdempotencyFilter.HeaderName,
                In = ParameterLocation.Header,
                Required = false,
                Description = $"A key of the client's choosing (at most {IdempotencyFilter.MaxKeyLength} characters) that makes the POST safe to retry: a retry with "
                    + "the same key and body gets the first answer (with `Idempotency-Replayed: true`), never a second effect; "
                    + "the same key with another body is refused (422).",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = IdempotencyFilter.MaxKeyLength },
            });
        }

        if (RequestBodyLimits.Of(metadata) is { } maxBytes)
        {
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>(StringComparer.Ordinal);
            operation.Extensions[RequestBodyLimits.Extension] = new JsonNodeExtension(JsonValue.Create(maxBytes));
            var readable = maxBytes % (1024 * 1024) == 0 ? $"{maxBytes / (1024 * 1024)} MiB" : $"{maxBytes / 1024} KiB";
            var limit = $"The request body may be at most {maxBytes} bytes ({readable}); a larger one is answered 413 (payload-too-large).";
            operation.Description = operation.Description is { Length: > 0 } described ? described + "\n\n" + limit : limit;
        }

        // A problem of each status (ContractExamples), so the reference and generated docs show what a client will get.
        var problems = ContractExamples.Problems(ApiJson(context.ApplicationServices));
        foreach (var (status, name, _, _, _) in problems
            .Where(p => p.Operation == operation.OperationId
                || (p.Operation is null && !problems.Any(q => q.Status == p.Status && q.Operation == operation.OperationId))))
        {
            if (operation.Responses?.TryGetValue(status.ToString(CultureInfo.InvariantCulture), out var response) == true
                && response.Content?.TryGetValue("application/problem+json", out var problem) == true)
            {
                problem.Examples = new Dictionary<string, IOpenApiExample>(StringComparer.Ordinal) { [name] = new OpenApiExampleReference(name, context.Document) };
            }
        }

        return Task.CompletedTask;
    }
}

/// <summary>Declarations of an endpoint's answers, where it is mapped.</summary>
public static class ContractDeclarations
{
    /// <summary>Declares each of <paramref name="statuses"/> as a problem answer (RFC 9457, <c>application/problem+json</c>).</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(statuses);
        foreach (var status in statuses)
        {
            builder.ProducesProblem(status);
        }

        return builder;
    }
}
