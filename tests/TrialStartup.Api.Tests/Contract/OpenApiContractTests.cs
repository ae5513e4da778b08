namespace TrialStartup.Api.Tests.Contract;

using System.Text.Json;
using System.Text.Json.Nodes;
using TrialStartup.Api.Tests.Deployment;
using TrialStartup.Api.Tests.Infrastructure;

/// <summary>
/// The OpenAPI document is the API's contract with other systems: the served document must be the checked-in
/// <c>openapi/v1.json</c>, so a change of contract is a reviewed diff, and every operation in it must say what a client
/// generator needs (an id, a summary, its answer's schema, its problems, how to authenticate, the idempotency header).
/// That the endpoints answer only what they declare is checked by every other test (ContractConformance).
/// </summary>
public sealed class OpenApiContractTests
{
    /// <summary>The checked-in contract, from the repository's root.</summary>
    public const string ContractFile = "openapi/v1.json";

    /// <summary>Set to 1 to write the served document over the checked-in one (then review the diff).</summary>
    public const string AcceptVariable = "TRIALSTARTUP_ACCEPT_CONTRACT";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    [Fact]
    public async Task TheServedDocument_IsTheCheckedInContract()
    {
        var served = await ServedAsync();
        var text = served.ToJsonString(Indented) + "\n";
        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            await File.WriteAllTextAsync(RepositoryFiles.PathOf(ContractFile), text);
        }

        Assert.True(RepositoryFiles.Exists(ContractFile), $"{ContractFile} is missing: run this test with {AcceptVariable}=1 to write it");
        var checkedIn = JsonNode.Parse(RepositoryFiles.ReadText(ContractFile))!;
        var differences = Differences(checkedIn, served, "$").Take(10).ToList();
        Assert.True(differences.Count == 0,
            $"The served OpenAPI document differs from {ContractFile} (a change of the API's contract):\n  " + string.Join("\n  ", differences)
            + $"\nIf the change is intended, run this test with {AcceptVariable}=1 and commit the file with the change.");
    }

    [Fact]
    public void EveryOperation_HasAnIdASummaryItsAnswersProblemsSecurityAndIdempotencyHeader()
    {
        var document = JsonNode.Parse(RepositoryFiles.ReadText(ContractFile))!.AsObject();
        var ids = new List<string>();
        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => (Path: path.Key, Method: op.Key, Operation: op.Value!.AsObject())))
            .ToList();
        Assert.True(operations.Count >= 35, $"only {operations.Count} operations");
        foreach (var (path, method, operation) in operations)
        {
            var name = $"{method.ToUpperInvariant()} {path}";
            var id = operation["operationId"]?.GetValue<string>();
            Assert.False(string.IsNullOrWhiteSpace(id), $"{name} has no operationId");
            ids.Add(id!);
            Assert.False(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()), $"{name} has no summary");

            var responses = operation["responses"]!.AsObject();
            var success = responses.Where(r => r.Key.StartsWith('2')).ToList();
            Assert.True(success.Count > 0, $"{name} declares no success answer");
            foreach (var (status, response) in success.Where(r => r.Key != "204"))
            {
                var content = response!["content"]?.AsObject();
                Assert.True(content is { Count: > 0 } && content.All(c => c.Value!["schema"] is not null), $"{name} {status} has no schema");
            }

            foreach (var (status, response) in responses.Where(r => r.Key[0] is '4' or '5'))
            {
                var schema = response!["content"]?["application/problem+json"]?["schema"]?["$ref"]?.GetValue<string>();
                Assert.True(schema == "#/components/schemas/ProblemDetails", $"{name} {status} is not a problem (RFC 9457)");
            }

            var anonymous = id == "SetPasswordWithSetupCode";
            var security = operation["security"]?.AsArray();
            Assert.True(anonymous ? security is null : security?.Any(s => s!.AsObject().ContainsKey("bearer")) == true,
                $"{name}: {(anonymous ? "asks for" : "lacks")} the bearer security requirement");
            Assert.True(responses.ContainsKey("401") || anonymous, $"{name} does not declare 401");
            Assert.True(responses.ContainsKey("429"), $"{name} does not declare 429 (rate limits)");

            var headers = operation["parameters"]?.AsArray().Where(p => p!["in"]!.GetValue<string>() == "header")
                .Select(p => p!["name"]!.GetValue<string>()).ToList() ?? [];
            var takesKey = headers.Contains("Idempotency-Key");
            Assert.True((method == "post" && !anonymous) == takesKey, $"{name}: the Idempotency-Key header is {(takesKey ? "named" : "missing")}");
        }

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        var schemes = document["components"]!["securitySchemes"]!.AsObject();
        Assert.Equal("bearer", schemes["bearer"]!["scheme"]!.GetValue<string>());
        Assert.Equal("openIdConnect", schemes["openIdConnect"]!["type"]!.GetValue<string>());

        // A problem's code (what clients branch on) is in its schema, and other members are not forbidden.
        var problem = document["components"]!["schemas"]!["ProblemDetails"]!;
        Assert.Equal("string", problem["properties"]!["code"]!["type"]!.GetValue<string>());
        Assert.NotEqual(false, problem["additionalProperties"]?.GetValue<bool>());

        // The upload's body is the multipart form with the file as binary, so a generated client can send it.
        var upload = operations.Single(o => o.Operation["operationId"]!.GetValue<string>() == "UploadDocument").Operation;
        var form = upload["requestBody"]!["content"]!["multipart/form-data"]!["schema"]!["$ref"]!.GetValue<string>();
        var properties = document["components"]!["schemas"]![form.Split('/')[^1]]!["properties"]!.AsObject();
        Assert.Equal(["kind", "file"], properties.Select(p => p.Key));
        var file = properties["file"]!;
        var fileSchema = file["$ref"] is { } reference ? document["components"]!["schemas"]![reference.GetValue<string>().Split('/')[^1]]! : file;
        Assert.Equal("binary", fileSchema["format"]!.GetValue<string>());
    }

    private static async Task<JsonNode> ServedAsync()
    {
        await using var api = new ApiFactory();
        using var client = api.CreateClient();
        return JsonNode.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)))!;
    }

    // Where two documents differ, as JSON paths with both values (at most a few, the first ones).
    private static IEnumerable<string> Differences(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected, actual)
        {
            case (JsonObject e, JsonObject a):
                foreach (var key in e.Select(p => p.Key).Union(a.Select(p => p.Key)))
                {
                    if (!e.ContainsKey(key))
                    {
                        yield return $"{path}.{key}: added";
                    }
                    else if (!a.ContainsKey(key))
                    {
                        yield return $"{path}.{key}: removed";
                    }
                    else
                    {
                        foreach (var difference in Differences(e[key], a[key], $"{path}.{key}"))
                        {
                            yield return difference;
                        }
                    }
                }

                break;
            case (JsonArray e, JsonArray a):
                for (var i = 0; i < Math.Max(e.Count, a.Count); i++)
                {
                    foreach (var difference in Differences(i < e.Count ? e[i] : null, i < a.Count ? a[i] : null, $"{path}[{i}]"))
                    {
                        yield return difference;
                    }
                }

                break;
            default:
                if (!JsonNode.DeepEquals(expected, actual))
                {
                    yield return $"{path}: {expected?.ToJsonString() ?? "nothing"} in the file, {actual?.ToJsonString() ?? "nothing"} served";
                }

                break;
        }
    }
}
