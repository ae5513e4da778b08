namespace TrialStartup.Api.Problems;

using TrialStartup.Workflows.Runtime;

/// <summary>
/// Every error the API gives is an RFC 9457 problem with a stable <c>type</c> built from a code, the status, and the
/// field or reason. Clients branch on <c>type</c>; people read <c>detail</c>.
/// </summary>
public static class ApiProblems
{
    /// <summary>The base of every problem type URI.</summary>
    public const string TypeBase = "https://trialstartup.dev/problems/";

    /// <summary>A problem with a code, status, title and detail, and optionally the offending field.</summary>
    public static IResult Problem(int status, string code, string title, string detail, string? field = null,
        IDictionary<string, object?>? extensions = null)
    {
        var ext = new Dictionary<string, object?>(extensions ?? new Dictionary<string, object?>()) { ["code"] = code };
        if (field is not null)
        {
            ext["field"] = field;
        }

        return TypedResults.Problem(detail: detail, statusCode: status, title: title, type: TypeBase + code, extensions: ext);
    }

    /// <summary>400: the request is malformed or a field is invalid.</summary>
    public static IResult Invalid(string field, string detail) =>
        Problem(StatusCodes.Status400BadRequest, "invalid-request", "The request is not valid", detail, field);

    /// <summary>404: no such resource visible to the caller (another organisation's ids are reported the same way).</summary>
    public static IResult NotFound(string what, Guid id) =>
        Problem(StatusCodes.Status404NotFound, "not-found", $"No such {what}", $"{what} {id} does not exist or is not visible to you");

    /// <summary>403: the caller's role or organisation may not do this.</summary>
    public static IResult Forbidden(string detail) =>
        Problem(StatusCodes.Status403Forbidden, "forbidden", "Not allowed", detail);

    /// <summary>409: the resource changed or already exists.</summary>
    public static IResult Conflict(string code, string detail) =>
        Problem(StatusCodes.Status409Conflict, code, "Conflict", detail);

    /// <summary>413: the request body is larger than the endpoint accepts (<c>maxBytes</c>).</summary>
    public static IResult PayloadTooLarge(long maxBytes) =>
        Problem(StatusCodes.Status413PayloadTooLarge, "payload-too-large", "The request is too large",
            $"the request body may be at most {maxBytes} bytes", extensions: new Dictionary<string, object?> { ["maxBytes"] = maxBytes });

    /// <summary>The answer to a command the engine did not accept: 409 for conflicts, 422 for refusals.</summary>
    public static IResult FromRefusal(CommandResult result)
    {
        var refusal = result.Refusal!;
        var extensions = new Dictionary<string, object?> { ["currentVersion"] = result.Version };
        if (refusal.Rule is { } rule)
        {
            extensions["rule"] = rule; // which task rule a conflict broke, e.g. task-decided
        }

        return result.Status == CommandStatus.Conflict
            ? Problem(StatusCodes.Status409Conflict, refusal.Code, "The project changed since you read it", refusal.Message, extensions: extensions)
            : Problem(StatusCodes.Status422UnprocessableEntity, refusal.Code, "The decision cannot be recorded", refusal.Message, extensions: extensions);
    }
}
