namespace TrialStartup.Data.Idempotency;

/// <summary>
/// The first answer to a POST with an <c>Idempotency-Key</c>: a retry with the same key and body gets it again; the
/// same key with another body is refused.
/// </summary>
public sealed class IdempotencyRecord
{
    private IdempotencyRecord()
    {
    }

    public IdempotencyRecord(string key, string principal, string requestHash, int statusCode, string responseBody, DateTimeOffset createdAt)
    {
        Key = key;
        Principal = principal;
        RequestHash = requestHash;
        StatusCode = statusCode;
        ResponseBody = responseBody;
        CreatedAt = createdAt;
    }

    /// <summary>The key as the client sent it.</summary>
    public string Key { get; private set; } = "";

    /// <summary>Whose key it is: keys are per caller, so two callers never collide.</summary>
    public string Principal { get; private set; } = "";

    /// <summary>SHA-256 of method, path and body.</summary>
    public string RequestHash { get; private set; } = "";

    public int StatusCode { get; private set; }

    public string ResponseBody { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }
}
