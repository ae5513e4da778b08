namespace TrialStartup.Api.Idempotency;

using System.Text;
using System.Text.Json;

/// <summary>
/// An answer as it went to the client: status, content type, <c>Location</c> and body. Stored in
/// <c>IdempotencyRecord.ResponseBody</c> as <c>{"contentType":…,"location":…,"json":…}</c>: a JSON body is kept as
/// JSON (readable in the table, replayed byte for byte), a text body as a string under <c>text</c>.
/// </summary>
/// <param name="StatusCode">The status.</param>
/// <param name="ContentType">The Content-Type header, if any.</param>
/// <param name="Location">The Location header, if any (a 201's new resource).</param>
/// <param name="Body">The body.</param>
internal sealed record CapturedResponse(int StatusCode, string? ContentType, string? Location, ReadOnlyMemory<byte> Body) : IResult
{
    /// <summary>Whether this is a stored answer sent again.</summary>
    public bool Replayed { get; init; }

    /// <summary>Whether the body can be kept: every answer of this API is JSON; anything binary is not kept.</summary>
    public bool IsStorable => Body.IsEmpty || IsJson || IsText;

    private bool IsJson => ContentType is { } type && (type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
        || type.Split(';')[0].Trim().EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    private bool IsText => ContentType?.StartsWith("text/", StringComparison.OrdinalIgnoreCase) == true;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        if (ContentType is not null)
        {
            response.ContentType = ContentType;
        }

        if (Location is not null)
        {
            response.Headers.Location = Location;
        }

        if (Replayed)
        {
            response.Headers[IdempotencyFilter.ReplayedHeaderName] = "true";
        }

        if (!Body.IsEmpty)
        {
            response.ContentLength = Body.Length;
            await response.Body.WriteAsync(Body, httpContext.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>The stored form; call only when <see cref="IsStorable"/>.</summary>
    public string Serialize()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("contentType", ContentType);
            writer.WriteString("location", Location);
            if (Body.IsEmpty)
            {
                writer.WriteNull("json");
            }
            else if (IsJson && IsValidJson(Body))
            {
                writer.WritePropertyName("json");
                writer.WriteRawValue(Body.Span);
            }
            else
            {
                writer.WriteString("text", Encoding.UTF8.GetString(Body.Span));
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads the stored form back.</summary>
    public static CapturedResponse Deserialize(int statusCode, string stored)
    {
        using var document = JsonDocument.Parse(stored);
        var root = document.RootElement;
        var body = root.TryGetProperty("json", out var json) && json.ValueKind != JsonValueKind.Null
            ? Encoding.UTF8.GetBytes(json.GetRawText())
            : root.TryGetProperty("text", out var text) ? Encoding.UTF8.GetBytes(text.GetString() ?? "") : [];
        return new CapturedResponse(statusCode, root.GetProperty("contentType").GetString(), root.GetProperty("location").GetString(), body);
    }

    private static bool IsValidJson(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var _ = JsonDocument.Parse(body);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
