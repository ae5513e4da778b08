namespace TrialStartup.Api.Idempotency;

using System.Text.Json;
using TrialStartup.Api.Problems;

/// <summary>
/// Marks an endpoint whose answer carries a secret shown once (a setup code, a client secret, an authenticator key).
/// Such an answer is never stored for replay: the idempotency record keeps, instead, a 409 saying the command was carried
/// out and its secret is not shown again, so a retry neither repeats the command nor reveals the secret from the table.
/// </summary>
public sealed class OneTimeSecretAnswer
{
    /// <summary>The problem code a replay answers with.</summary>
    public const string ReplayCode = "one-time-secret-not-replayed";

    internal static CapturedResponse Withheld(CapturedResponse answered)
    {
        var problem = new Dictionary<string, object?>
        {
            ["type"] = ApiProblems.TypeBase + ReplayCode,
            ["title"] = "Already done",
            ["status"] = StatusCodes.Status409Conflict,
            ["detail"] = "this request was carried out already; its answer held a one-time secret, which is not kept: "
                + "ask for a new one (a password reset, a new API client or authenticator key)",
            ["code"] = ReplayCode,
        };
        return new CapturedResponse(StatusCodes.Status409Conflict, "application/problem+json", answered.Location,
            JsonSerializer.SerializeToUtf8Bytes(problem));
    }
}

/// <summary>Puts <see cref="OneTimeSecretAnswer"/> on an endpoint.</summary>
public static class OneTimeSecretAnswerConventions
{
    /// <summary>Says the endpoint's answer carries a secret shown once.</summary>
    public static TBuilder AnswersWithOneTimeSecret<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithMetadata(new OneTimeSecretAnswer());
    }
}
